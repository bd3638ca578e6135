"""Tests of seedkit.torch (needs python3-torch; skipped without it)."""
import json
import os
import random
import subprocess

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


# --- RNG checkpoints (the C++ rng_checkpoint format) -------------------------

def _setup(seed=12321):
    """The set-up the C++ half (cross_checkpoint.cpp) mirrors: the stream
    "augment" and the generator "noise" under master seed `seed`."""
    seedkit.torch.seed_everything(seed)
    return seedkit.stream("augment"), seedkit.torch.generator("noise")


def _draws(st, g):
    """What comes next, as cross_checkpoint.cpp prints it (plus random and
    numpy, which only Python has)."""
    words = [st.next_u64(), st.next_u64()]
    doubles = torch.cat([torch.randn(3, generator=g, dtype=torch.float64),
                         torch.randn(3, dtype=torch.float64)])
    bits = ["%016x" % int(b) for b in doubles.numpy().view(np.uint64)]
    return words, bits, random.random(), np.random.random(), random.gauss(0, 1), np.random.normal()


def _move_on(st, g):
    for _ in range(5):
        st.next_u64()
        torch.randn(4, generator=g)
        torch.randn(4)
        random.random()
        np.random.normal()


def _save(st, g, path, user=None):
    seedkit.torch.save_rng(path, streams={"augment": st}, generators={"noise": g}, user=user)


def _load(st, g, path):
    return seedkit.torch.load_rng(path, streams={"augment": st}, generators={"noise": g})


def test_rng_checkpoint_restores_every_state(tmp_path):
    st, g = _setup()
    random.gauss(0, 1)  # a cached gaussian in random's state
    np.random.normal()  # and in numpy's
    _draws(st, g)
    path = tmp_path / "rng.json"
    _save(st, g, path, {"next_epoch": 2, "name": "run \"1\"\n", "nested": {"list": [1, None, True]}})
    expected = _draws(st, g)
    _move_on(st, g)
    user = _load(st, g, path)
    assert user == {"next_epoch": 2, "name": "run \"1\"\n", "nested": {"list": [1, None, True]}}
    assert _draws(st, g) == expected
    # The class form, and python_states=False leaves random and numpy alone.
    ck = seedkit.torch.rng_checkpoint(python_states=False).track("augment", st).track("noise", g)
    ck.save(path)
    assert seedkit.torch.PYTHON_RANDOM_KEY not in ck.to_json()
    before = _draws(st, g)
    r = random.random()
    assert ck.load(path) == {}
    after = _draws(st, g)
    assert after[:2] == before[:2] and after[2] != r  # torch and streams back, random not
    # A checkpoint without Python states (as a C++ program writes one)
    # loads with python_states=True and leaves random and numpy alone.
    r_state, np_state = random.getstate(), np.random.get_state()[1].copy()
    assert _load(st, g, path) == {}
    assert random.getstate() == r_state and (np.random.get_state()[1] == np_state).all()


def _payload_edit(text, change):
    """`text` with its payload changed by `change` and the check recomputed,
    as a forger would (the canonical text: sorted keys, compact)."""
    j = json.loads(text)
    change(j["payload"])
    canon = json.dumps(j["payload"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    j["check"] = "fnv1a64-%016x" % _fnv1a64(canon.encode())
    return json.dumps(j)


def _fnv1a64(data):
    # FNV-1a 64 (Fowler, Noll and Vo): offset basis and prime from the
    # published definition, independent of the module's.
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def test_fnv1a64_matches_the_published_test_vectors():
    # draft-eastlake-fnv test vectors: "" and "a", "foobar".
    for s, h in ((b"", 0xcbf29ce484222325), (b"a", 0xaf63dc4c8601ec8c),
                 (b"foobar", 0x85944171f73967e8)):
        assert _fnv1a64(s) == h
        assert seedkit._seedkit._fnv1a64(s) == h


def test_a_bad_rng_checkpoint_raises_and_restores_nothing(tmp_path):
    st, g = _setup()
    good_path = tmp_path / "good.json"
    _save(st, g, good_path)
    good = good_path.read_text()
    _move_on(st, g)

    def unchanged(text, match):
        snapshot = (st.state(), g.get_state(), torch.get_rng_state(), random.getstate(),
                    np.random.get_state()[1].copy())
        p = tmp_path / "bad.json"
        p.write_bytes(text if isinstance(text, bytes) else text.encode())
        with pytest.raises(seedkit.Error, match=match):
            _load(st, g, p)
        assert st.state() == snapshot[0]
        assert torch.equal(g.get_state(), snapshot[1])
        assert torch.equal(torch.get_rng_state(), snapshot[2])
        assert random.getstate() == snapshot[3]
        assert (np.random.get_state()[1] == snapshot[4]).all()

    unchanged(good[: len(good) // 2], "not valid JSON")
    unchanged("", "not valid JSON")
    unchanged(b"\xff\xfe{}", "not UTF-8")
    unchanged("[1, 2, 3]", "JSON object at the top level")
    at = good.index('"torch_cpu": "') + 20
    unchanged(good[:at] + ("1" if good[at] == "0" else "0") + good[at + 1:], "fails its checksum")
    at = good.index("sk1-") + 10
    unchanged(good[:at] + ("1" if good[at] == "0" else "0") + good[at + 1:], "fails its checksum")
    unchanged(good.replace('"format": "seedkit-torch-rng"', '"format": "seedkit-manifest"'),
              "expected \"seedkit-torch-rng\"")
    unchanged(good.replace('"format_version": 1', '"format_version": 2'), "format_version")
    unchanged(good.replace('"stream_version": ', '"stream_version": 9'), "stream_version")
    unchanged(good.replace('"format": "seedkit-torch-rng",', '"format": "seedkit-torch-rng", '
                           '"format": "seedkit-torch-rng",'), "appears twice")
    unchanged(good.replace('"format_version": 1', '"format_version": NaN'), "not a JSON number")

    unchanged(_payload_edit(good, lambda p: p.update(master_seed="1")),
              "saved under master seed 1, but the master seed now is 12321")
    unchanged(_payload_edit(good, lambda p: p["streams"].pop("augment")),
              "not in the file: \"augment\"")
    unchanged(_payload_edit(good, lambda p: p["generators"].update(extra=p["generators"]["noise"])),
              "not tracked here: \"extra\"")
    unchanged(_payload_edit(good, lambda p: p.update(torch_cpu="00ff")), "libtorch rejects")
    unchanged(_payload_edit(good, lambda p: p["generators"].update(noise="zz")),
              "non-hexadecimal state")
    unchanged(_payload_edit(good, lambda p: p["generators"].update(noise="abc")), "odd-length")
    unchanged(_payload_edit(good, lambda p: p["streams"].update(augment="sk1-0")),
              "bad state for stream \"augment\"")
    unchanged(_payload_edit(good, lambda p: p.update(torch_cuda=["00"] * 9)),
              "holds 9 CUDA generator states")
    unchanged(_payload_edit(good, lambda p: p.pop("user")), "\"user\" of the payload is missing")
    unchanged(_payload_edit(good, lambda p: p.update(user=[])), "malformed field \"user\"")
    unchanged(_payload_edit(good, lambda p: p["user"][seedkit.torch.PYTHON_RANDOM_KEY].update(
        mt="00")), "malformed Python random state")
    unchanged(_payload_edit(good, lambda p: p["user"][seedkit.torch.NUMPY_LEGACY_KEY].update(
        bit_generator="PCG64")), "numpy legacy state that numpy rejects")
    with pytest.raises(seedkit.Error, match="cannot read the RNG checkpoint"):
        _load(st, g, tmp_path / "does-not-exist.json")
    with pytest.raises(seedkit.Error, match="it is a directory"):
        _load(st, g, tmp_path)
    # A number in another form than C++ writes (1E5 for 100000.0): C++
    # hashes its own form of the parsed value, and so does Python: accepted.
    j = json.loads(good)
    j["payload"]["user"]["lr"] = 100000.0
    canon = json.dumps(j["payload"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    j["check"] = "fnv1a64-%016x" % _fnv1a64(canon.encode())
    other_form = tmp_path / "other_form.json"
    other_form.write_text(json.dumps(j).replace("100000.0", "1E5"))
    assert "1E5" in other_form.read_text()
    assert _load(st, g, other_form) == {"lr": 100000.0}
    # Another master seed in force: refused.
    seedkit.reset()
    seedkit.init(7)
    unchanged(good, "saved under master seed 12321, but the master seed now is 7")


def test_rng_checkpoint_writes_atomically_and_refuses_bad_user_data(tmp_path, monkeypatch):
    st, g = _setup()
    path = tmp_path / "rng.json"
    _save(st, g, path, {"v": 1})
    old = path.read_bytes()
    for user, match in (({"lr": float("nan")}, "NaN or infinity"), ([1], "must be a dict"),
                        ({"n": 2**64}, "from -2\\^63 to 2\\^64 - 1"), ({1: 2}, "str keys only"),
                        ({"s": "\udc80"}, "not valid UTF-8"), ({"o": object()}, "accepted: str")):
        with pytest.raises(seedkit.Error, match=match):
            _save(st, g, path, user)
    with pytest.raises(seedkit.Error, match="tracked already"):
        seedkit.torch.rng_checkpoint().track("a", st).track("a", g)
    with pytest.raises(seedkit.Error, match="accepted: a seedkit.stream or a CPU torch.Generator"):
        seedkit.torch.rng_checkpoint().track("a", 3)

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(seedkit.Error, match="No space left on device"):
        _save(st, g, path, {"v": 2})
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rng.json"]  # no temporary left
    with pytest.raises(seedkit.Error, match="not a regular file"):
        _save(st, g, tmp_path, {})
    with pytest.raises(seedkit.Error, match="cannot create a temporary file"):
        _save(st, g, tmp_path / "no" / "such" / "dir.json", {})


# User data with text to escape and floats whose shortest digits and
# exponent forms JSON libraries print differently (1e15: Python's repr
# writes 1000000000000000.0, nlohmann_json 1e+15).
USER = {"next_epoch": 2, "text": "é \"q\" \t\u2028\x01/",
        "floats": [0.1, 1e15, 1e16, 5e-324, -2.5e-07, 1.7976931348623157e308, 123456789.125,
                   -0.0, 1.0, 2.0**70, 0.3]}


def test_rng_checkpoint_crosses_to_cpp_and_back(tmp_path):
    """Python saves; the C++ rng_checkpoint loads it and saves it back (the
    same bytes), draws, moves on and saves its own; Python loads both and
    draws what C++ drew; re-saving the C++ checkpoint gives its bytes."""
    exe = os.environ.get("SEEDKIT_CROSS_CHECKPOINT")
    if not exe:
        pytest.skip("SEEDKIT_CROSS_CHECKPOINT is unset: the C++ half needs the libtorch add-on "
                    "(configure with -DSEEDKIT_ENABLE_TORCH=ON)")
    st, g = _setup()
    _draws(st, g)
    py_path, back, own = tmp_path / "py.json", tmp_path / "back.json", tmp_path / "own.json"
    _save(st, g, py_path, USER)
    run = subprocess.run([exe, "12321", str(py_path), str(back), str(own)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr  # C++ refuses nothing Python wrote
    out = run.stdout.split("\n")
    loaded, cpp_own = (line.split()[1:] for line in out[:2])
    assert back.read_bytes() == py_path.read_bytes()  # C++ writes what Python wrote

    _move_on(st, g)
    assert _load(st, g, back) == USER
    words, bits, *python_draws = _draws(st, g)
    assert [str(w) for w in words] + bits == loaded

    _move_on(st, g)
    assert _load(st, g, own) == dict(USER, written_by="C++")
    resaved = tmp_path / "resaved.json"
    _save(st, g, resaved, dict(USER, written_by="C++"))
    assert resaved.read_bytes() == own.read_bytes()  # Python writes what C++ wrote
    words, bits, *own_python = _draws(st, g)
    assert [str(w) for w in words] + bits == cpp_own
    assert own_python == python_draws  # C++ kept random's and numpy's states as they were
