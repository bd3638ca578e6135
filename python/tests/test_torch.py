"""Tests of seedkit.torch (needs python3-torch; skipped without it)."""
import random

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import seedkit  # noqa: E402
import seedkit.torch  # noqa: E402


def test_seed_everything_seeds_each_library_from_its_own_stream():
    r = seedkit.torch.seed_everything(12321)
    draws = (random.random(), np.random.random(), torch.rand(1).item())
    assert r["master_seed"] == 12321
    assert r["seeds"]["torch"] == seedkit.seed_for("torch")
    assert torch.initial_seed() == seedkit.seed_for("torch")
    assert len(set(r["seeds"].values())) == 3
    seedkit.reset()
    seedkit.torch.seed_everything(12321)
    assert (random.random(), np.random.random(), torch.rand(1).item()) == draws
    seedkit.reset()
    seedkit.torch.seed_everything(12322)
    assert random.random() != draws[0]


def test_generator_is_seeded_like_the_cpp_generator_for():
    seedkit.init(7)
    g = seedkit.torch.generator("augment")
    assert g.initial_seed() == seedkit.key(7).derive("augment").seed()
    a = torch.randn(3, generator=g)
    assert torch.equal(a, torch.randn(3, generator=seedkit.torch.generator(seedkit.key(7) / "augment")))


class _Noisy(torch.utils.data.Dataset):
    def __len__(self):
        return 16

    def __getitem__(self, i):
        return torch.tensor([float(i), torch.rand(1).item(), float(np.random.random()),
                             random.random()])


def _epoch(workers):
    g = torch.Generator()
    g.manual_seed(seedkit.seed_for("loader"))
    loader = torch.utils.data.DataLoader(_Noisy(), batch_size=4, num_workers=workers,
                                         worker_init_fn=seedkit.torch.worker_init_fn,
                                         generator=g)
    return torch.cat(list(loader))


def test_worker_init_fn_gives_reproducible_distinct_workers():
    seedkit.init(12321)
    a = _epoch(2)
    b = _epoch(2)
    assert torch.equal(a, b)  # the same bits on every run
    # Every worker draws its own numbers: no two rows share a random value.
    assert len(set(a[:, 1].tolist())) == 16
    assert len(set(a[:, 2].tolist())) == 16
    # Worker keys never collide, at any size (Lightning's packing does at 2**16).
    keys = {seedkit.torch.worker_keys(5, w, r) for w in (0, 1, 2**16) for r in (0, 1, 2**16)}
    assert len(keys) == 9


def test_worker_init_fn_outside_a_worker_is_an_error():
    with pytest.raises(seedkit.Error, match="not in a DataLoader worker"):
        seedkit.torch.worker_init_fn(0)


def test_enable_determinism(monkeypatch):
    monkeypatch.delenv("CUBLAS_WORKSPACE_CONFIG", raising=False)
    try:
        r = seedkit.torch.enable_determinism()
        assert r["deterministic_algorithms"] and r["cudnn_deterministic"]
        assert not r["cudnn_benchmark"]
        assert r["cublas_workspace_config"] == ":4096:8"
    finally:
        torch.use_deterministic_algorithms(False)
