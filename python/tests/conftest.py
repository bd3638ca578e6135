"""Shared fixture: every test starts and ends without a master seed and
without the variables that would choose one."""
import pytest

import seedkit


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    for v in ("SEEDKIT_SEED", "SEEDKIT_REPLAY", "SEEDKIT_REPLICATE", "SEEDKIT_VARY"):
        monkeypatch.delenv(v, raising=False)
    seedkit.reset()
    yield
    seedkit.reset()
