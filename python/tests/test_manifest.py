"""Tests of seedkit.manifest (the C++ manifest in the module) and
SEEDKIT_REPLAY in seedkit.init; seedkit-diff (the C++ tool, SEEDKIT_DIFF)
reads the manifests Python writes."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import seedkit

manifest = pytest.importorskip("seedkit.manifest")

# A run: the same script, seed and parameters give the same manifest.
RUN = """
import sys
import seedkit, seedkit.manifest
{imports}
seedkit.init(12321)
s = seedkit.stream("data/shuffle")
s.fill(10)
seedkit.seed_for("model/init")
m = seedkit.manifest.capture().set("lr", {lr}).set("layers", [64, 32]).metric("val_loss", 0.25)
m.save(sys.argv[1])
"""


def _run(path, lr=0.05, imports="", env=None):
    subprocess.run([sys.executable, "-c", RUN.format(lr=lr, imports=imports), str(path)],
                   check=True, env=env)
    return manifest.load(path)


def test_capture_save_load_round_trip(tmp_path):
    with pytest.raises(seedkit.Error, match="no master seed yet"):
        manifest.capture()
    seedkit.init(12321)
    seedkit.stream("data/shuffle")
    seedkit.seed_for("model/init")
    seedkit.seed_for("model/init")
    m = manifest.capture().set("lr", 0.05).set("opt", {"name": "sgd", "momentum": [0.9, True, None]})
    m.metric("val_loss", 0.25)
    path = tmp_path / "run.json"
    assert m.save(path) == str(path)
    r = manifest.load(path)
    assert r == m and manifest.diff(r, m) == []
    # Read like a dict of the file's fields, and by attribute.
    assert r["format"] == "seedkit-manifest" and r["format_version"] == 1
    assert r["master_seed"] == 12321 == r.master_seed
    assert r["seed_source"] == "argument" == r.seed_source
    assert r.streams == {"data/shuffle": 1, "model/init": 2} == r["streams"]
    assert r.params == {"lr": 0.05, "opt": {"name": "sgd", "momentum": [0.9, True, None]}}
    assert r.param("lr") == 0.05 and r.metrics == {"val_loss": 0.25}
    assert r.complete and r.replicate is None and "replicate" not in r
    assert set(r.keys()) == set(json.loads(path.read_text()))
    names = {n: (v, a) for n, v, a in r.fingerprint}
    assert names["python.numpy"] == (np.__version__, "other")
    assert names["python.version"][0].endswith(".".join(map(str, sys.version_info[:3])))
    assert names["env.PYTHONHASHSEED"][0] == os.environ.get("PYTHONHASHSEED", "(unset)")
    assert names["seedkit.version"] == (seedkit.version, "streams+float")
    # A changed parameter is one difference, leaf by leaf.
    other = manifest.load(path).set("opt", {"name": "sgd", "momentum": [0.8, True, None]})
    assert manifest.diff(r, other) == [("param opt.momentum[0]", "0.9", "0.8", "other")]
    # save_started marks it incomplete.
    m.save_started(tmp_path / "started.json")
    assert manifest.load(tmp_path / "started.json")["complete"] is False


def test_fingerprint_records_torch_only_when_imported_and_pythonhashseed(tmp_path):
    env = dict(os.environ, PYTHONHASHSEED="0")
    plain = dict((n, v) for n, v, _ in _run(tmp_path / "a.json", env=env).fingerprint)
    assert "python.torch" not in plain
    assert plain["env.PYTHONHASHSEED"] == "0" and plain["python.hash_randomization"] == "0"
    torch = pytest.importorskip("torch")
    with_torch = dict((n, v) for n, v, _ in
                      _run(tmp_path / "b.json", imports="import torch").fingerprint)
    assert with_torch["python.torch"] == torch.__version__


def test_seedkit_diff_reads_python_manifests(tmp_path):
    exe = os.environ.get("SEEDKIT_DIFF")
    if not exe:
        pytest.skip("SEEDKIT_DIFF is unset: seedkit-diff needs the record add-on")
    a, b, c = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    _run(a)
    _run(b)
    _run(c, lr=0.1)
    same = subprocess.run([exe, str(a), str(b)], capture_output=True, text=True)
    assert (same.returncode, same.stdout) == (0, "manifests are equal\n"), same.stderr
    differ = subprocess.run([exe, str(a), str(c)], capture_output=True, text=True)
    assert differ.returncode == 1, differ.stderr
    assert differ.stdout.startswith("1 difference:") and "param lr" in differ.stdout
    assert "0.05" in differ.stdout and "0.1" in differ.stdout
    summary = subprocess.run([exe, str(a)], capture_output=True, text=True)
    assert summary.returncode == 0, summary.stderr
    assert "master seed 12321 (from argument)" in summary.stdout
    assert "data/shuffle (x1)" in summary.stdout and "lr = 0.05" in summary.stdout


def test_bad_manifests_and_values_raise(tmp_path):
    seedkit.init(1)
    m = manifest.capture()
    good = m.to_json()
    for text, match in ((good[: len(good) // 2], "not valid JSON"), ("[]", "JSON object"),
                        (good.replace('"seedkit-manifest"', '"seedkit-trace"'), "format"),
                        (good.replace('"master_seed": 1', '"master_seed": -1'), "master_seed"),
                        (good.replace('"seed_source": "argument"', '"seed_source": "dice"'),
                         "seed_source")):
        with pytest.raises(seedkit.Error, match=match):
            manifest.from_json(text, "t.json")
    with pytest.raises(seedkit.Error, match="cannot read the manifest"):
        manifest.load(tmp_path / "missing.json")
    with pytest.raises(seedkit.Error, match='parameter "x" holds nan: JSON has no form for NaN'):
        m.set("x", float("nan"))
    with pytest.raises(seedkit.Error, match="holds object .*accepted: str, int"):
        m.set("x", object())
    with pytest.raises(seedkit.Error, match="holds the integer 1180591620717411303424"):
        m.set("x", [2**70])
    with pytest.raises(seedkit.Error, match="str keys only"):
        m.set("x", {1: 2})
    with pytest.raises(seedkit.Error, match="must be finite"):
        m.metric("loss", float("inf"))
    with pytest.raises(seedkit.Error, match="no parameter \"absent\""):
        m.param("absent")
    with pytest.raises(seedkit.Error, match="appears twice|there already"):
        m.add_fingerprint("python.numpy", "0", "other")
    with pytest.raises(seedkit.Error, match="affects \"sometimes\""):
        m.add_fingerprint("x", "0", "sometimes")
    # Writing never leaves a partial file or a temporary behind.
    path = tmp_path / "run.json"
    m.save(path)
    before = path.read_bytes()
    with pytest.raises(seedkit.Error, match="not a regular file"):
        m.save(tmp_path)
    with pytest.raises(seedkit.Error, match="cannot write the manifest"):
        m.save(tmp_path / "no" / "dir.json")
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["run.json"]


def test_seedkit_replay_in_python_init(tmp_path, monkeypatch):
    seedkit.init(4242)
    seedkit.seed_for("data")
    path = tmp_path / "run.json"
    manifest.capture().set("epochs", 3).save(path)
    seedkit.reset()
    monkeypatch.setenv("SEEDKIT_REPLAY", str(path))
    assert seedkit.init() == (4242, "replay")
    assert manifest.replayed().param("epochs") == 3
    seedkit.seed_for("data")
    now = manifest.capture().set("epochs", 3)
    assert [d[0] for d in manifest.replay_differences(now)] == []
    manifest.require_exact_replay(now)
    with pytest.raises(seedkit.Error, match="param epochs"):
        manifest.require_exact_replay(manifest.capture().set("epochs", 4))
    seedkit.reset()
    with pytest.raises(seedkit.Error, match="replays a run recorded with seed 4242"):
        seedkit.init(7)
    seedkit.reset()
    assert seedkit.init(4242) == (4242, "replay")
    seedkit.reset()
    monkeypatch.setenv("SEEDKIT_SEED", "5")
    with pytest.raises(seedkit.Error, match='SEEDKIT_SEED="5" disagrees with the seed 4242'):
        seedkit.init()
    monkeypatch.delenv("SEEDKIT_SEED")
    seedkit.reset()
    monkeypatch.setenv("SEEDKIT_REPLAY", str(tmp_path / "missing.json"))
    with pytest.raises(seedkit.Error, match="cannot read the manifest"):
        seedkit.init()
