"""Tests of seedkit's Python module against the C++ library.

The words, master-seed streams and sums are compared with what the C++
program python/tests/cross_words.cpp prints (SEEDKIT_CROSS_WORDS names it),
so Python and C++ are checked on the same names and seeds, word for word.
Known answers from published sources are in the C++ suites; the pairing here
is what carries them over.
"""
import math
import os
import pickle
import struct
import subprocess

import numpy as np
import pytest

import seedkit


@pytest.fixture(scope="module")
def cross():
    exe = os.environ.get("SEEDKIT_CROSS_WORDS")
    if not exe:
        pytest.skip("SEEDKIT_CROSS_WORDS is not set (ctest sets it)")
    out = subprocess.run([exe], check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines()]


def test_streams_give_the_cpp_words(cross):
    lines = [f for f in cross if f[0] == "words"]
    assert len(lines) == 25
    for f in lines:
        seed, name = int(f[1]), ("" if f[2] == "-" else f[2])
        expected = [int(w) for w in f[3:]]
        s = seedkit.stream(seedkit.key(seed).derive(name))
        assert [s.next_u64() for _ in range(4)] == expected[:4]
        assert s.fill(4).tolist() == expected[4:]
        t = seedkit.stream(seedkit.key(seed).derive(name))
        assert t.next_u32() == expected[0] >> 32


def test_named_streams_under_the_master_seed(cross):
    assert seedkit.init(12321) == (12321, "argument")
    for f in (f for f in cross if f[0] == "master"):
        s = seedkit.stream(f[2])
        assert [s.next_u64(), s.next_u64()] == [int(f[3]), int(f[4])]
    assert ("data/shuffle", 1) in seedkit.derived_names()


def test_keys_derive_by_name_path_and_index():
    k = seedkit.key(7)
    assert k / "a" / "b" == k.derive("a/b")
    assert k / 3 != k / 4
    assert k / "a" != k / "b"
    assert hash(k / "a") == hash(seedkit.key(7) / "a")
    assert "seedkit.key(seed=0x" in repr(k)


def test_state_tokens_round_trip():
    s = seedkit.stream(seedkit.key(5) / "x")
    s.fill(37)
    token = s.state()
    assert token.startswith("sk1-")
    t = seedkit.stream.from_state(token)
    assert t.fill(10).tolist() == s.fill(10).tolist()
    with pytest.raises(seedkit.Error, match="sk1"):
        seedkit.stream.from_state(token[:-1] + ("0" if token[-1] != "0" else "1"))


def test_errors_are_seedkit_errors_with_the_cpp_message(monkeypatch):
    with pytest.raises(seedkit.Error, match="no master seed yet"):
        seedkit.stream("data")
    assert issubclass(seedkit.Error, ValueError)
    monkeypatch.setenv("SEEDKIT_SEED", "12x")
    with pytest.raises(seedkit.Error, match='SEEDKIT_SEED="12x"'):
        seedkit.init()
    monkeypatch.delenv("SEEDKIT_SEED")
    seedkit.init(1)
    with pytest.raises(seedkit.Error, match="already 1"):
        seedkit.init(2)
    with pytest.raises(seedkit.Error, match="negative"):
        seedkit.stream(seedkit.key(1)).fill(-1)


def test_sums_give_the_cpp_bits(cross):
    i = np.arange(10007)
    x = ((i % 7) - 3).astype(np.float64) * 1e-3 + (i % 3) * 1e16 - (i % 5) * 1e15
    # The same expression as the C++ program, evaluated in the same order.
    x = np.array([(float((k % 7) - 3) * 1e-3 + float(k % 3) * 1e16) - float(k % 5) * 1e15
                  for k in range(10007)])
    fns = {"exact": seedkit.exact_sum, "pairwise": seedkit.pairwise_sum,
           "compensated": seedkit.compensated_sum}
    for f in (f for f in cross if f[0] == "sum"):
        got = struct.unpack("<Q", struct.pack("<d", fns[f[1]](x)))[0]
        assert got == int(f[2], 16), f[1]
    assert seedkit.exact_sum(x) == math.fsum(x)
    for threads in (1, 2, 3):
        assert seedkit.parallel_sum(x, "exact", threads) == seedkit.exact_sum(x)
        assert seedkit.parallel_sum(x, "pairwise", threads) == seedkit.pairwise_sum(x)


def test_sums_on_float32_and_bad_arrays():
    x = np.array([1e8, 1.0, -1e8, 0.5], dtype=np.float32)
    assert seedkit.exact_sum(x) == 1.5
    assert seedkit.dot(np.array([1.0, 2.0]), np.array([3.0, 4.0]), "exact") == 11.0
    assert seedkit.mean(np.array([1.0, 2.0, 3.0])) == 2.0
    assert seedkit.variance(np.array([1.0, 2.0, 3.0, 4.0]), "exact") == pytest.approx(1.25)
    with pytest.raises(seedkit.Error, match="not contiguous"):
        seedkit.exact_sum(np.arange(10.0)[::2])
    with pytest.raises(seedkit.Error, match="dtype is int64"):
        seedkit.exact_sum(np.arange(10))
    with pytest.raises(seedkit.Error, match="2 dimensions"):
        seedkit.exact_sum(np.zeros((2, 2)))
    with pytest.raises(seedkit.Error, match="not a reduction mode"):
        seedkit.sum(np.zeros(3), "fast")


def test_numpy_generator_runs_on_seedkit_words():
    k = seedkit.key(9) / "augment"
    bg = seedkit.numpy.bit_generator(k)
    words = seedkit.stream(k).fill(6)
    assert bg.random_raw(3).tolist() == words[:3].tolist()
    assert bg.random_raw() == int(words[3])
    g = np.random.Generator(seedkit.numpy.bit_generator(k))
    # random(): the top 53 bits of each word times 2**-53.
    assert g.random(2).tolist() == [float(w >> np.uint64(11)) * 2.0**-53 for w in words[:2]]
    # integers, normal, permutation: numpy's own algorithms on seedkit's words.
    a = seedkit.numpy.generator(k).normal(size=5)
    b = seedkit.numpy.generator(k).normal(size=5)
    assert a.tolist() == b.tolist()
    assert sorted(seedkit.numpy.generator(k).permutation(10).tolist()) == list(range(10))


def test_numpy_bridge_state_and_pickle():
    bg = seedkit.numpy.bit_generator(seedkit.key(3))
    bg.random_raw(5)
    st = bg.state
    later = bg.random_raw(4).tolist()
    bg.state = st
    assert bg.random_raw(4).tolist() == later
    bg.state = st
    copy = pickle.loads(pickle.dumps(bg))
    assert copy.random_raw(4).tolist() == later
    with pytest.raises(seedkit.Error, match="bit_generator"):
        bg.state = {"bit_generator": "PCG64"}


def test_named_generator_needs_the_master_seed():
    with pytest.raises(seedkit.Error, match="no master seed"):
        seedkit.numpy.generator("data")
    seedkit.init(12321)
    assert seedkit.numpy.bit_generator("data/shuffle").random_raw(1).tolist() == \
        seedkit.stream(seedkit.key(12321).derive("data/shuffle")).fill(1).tolist()


def _bits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def test_distributions_give_the_cpp_values(cross):
    k = seedkit.key(42)
    calls = {
        "uniform_real": lambda s: seedkit.uniform_real(s, 5, -1.0, 3.0),
        "normal": lambda s: seedkit.normal(s, 5, 1.0, 2.0),
        "truncated_normal": lambda s: seedkit.truncated_normal(s, 5, 0.0, 1.0, -1.0, 2.0),
        "exponential": lambda s: seedkit.exponential(s, 5, 2.0),
        "uniform_int": lambda s: seedkit.uniform_int(s, 5, 0, 999),
        "bernoulli": lambda s: seedkit.bernoulli(s, 8, 0.3),
        "discrete": lambda s: seedkit.discrete(s, 6, [1.0, 2.0, 3.0]),
        "dropout_mask": lambda s: seedkit.dropout_mask(s, 3, 0.9),
    }
    lines = {f[1]: f[2:] for f in cross if f[0] == "dist"}
    assert set(lines) == set(calls)
    for name, call in calls.items():
        got = call(seedkit.stream(k / name))
        if got.dtype == np.float64:
            assert [_bits(v) for v in got] == lines[name], name
        else:
            assert [int(v) for v in got] == [int(v) for v in lines[name]], name


def test_data_utilities_give_the_cpp_indices(cross):
    lines = {f[1]: [int(v) for v in f[2:]] for f in cross if f[0] == "data"}
    k7 = seedkit.key(7)
    s = seedkit.stream(seedkit.key(42) / "permutation")
    assert seedkit.permutation(s, 10).tolist() == lines["permutation"]
    assert seedkit.sample(s, 100, 5).tolist() == lines["sample"]
    train, validation, test = seedkit.split_by_fractions(k7, 20, 0.6, 0.2, 0.2)
    assert (train.tolist(), validation.tolist(), test.tolist()) == (
        lines["split_train"], lines["split_validation"], lines["split_test"])
    assert seedkit.k_fold(k7, 10, 3)[1][1].tolist() == lines["fold1_validation"]
    sample, oob = seedkit.bootstrap(k7, 8)
    assert (sample.tolist(), oob.tolist()) == (lines["bootstrap_sample"], lines["bootstrap_oob"])
    assert seedkit.epoch_shard(k7, 2, 10, 1, 3, "pad").tolist() == lines["epoch_shard"]
    p = seedkit.index_permutation(k7 / "big", 1000003)
    assert [p[i] for i in range(6)] == lines["index_permutation"]
    assert p.copy(0, 6).tolist() == lines["index_permutation"]
    assert p.inverse(p[5]) == 5 and len(p) == 1000003
    with pytest.raises(IndexError):
        p[1000003]
    with pytest.raises(seedkit.Error, match="not a shard tail"):
        seedkit.epoch_shard(k7, 0, 10, 0, 2, "wrap")
    with pytest.raises(seedkit.Error):
        seedkit.uniform_real(seedkit.stream(k7), 3, 2.0, 1.0)


def test_shuffles_weighted_samples_and_stratified_folds_give_the_cpp_indices(cross):
    lines = {f[1]: [int(v) for v in f[2:]] for f in cross if f[0] == "data"}
    k42, k7 = seedkit.key(42), seedkit.key(7)
    # shuffle in place: 8-byte items swapped by seedkit::shuffle itself ...
    a = np.arange(100, 112, dtype=np.int64)
    assert seedkit.shuffle(seedkit.stream(k42 / "shuffle"), a) is None
    assert a.tolist() == lines["shuffle"]
    # ... 1-, 2- and 4-byte items the same way, and other arrays (rows of a
    # 2-d array, a strided view, 16-byte items) by the same swaps on indices.
    for dtype in (np.uint8, np.int16, np.float32, np.complex128):
        b = np.arange(100, 112).astype(dtype)
        seedkit.shuffle(seedkit.stream(k42 / "shuffle"), b)
        assert b.real.astype(np.int64).tolist() == lines["shuffle"], dtype
    rows = np.arange(100, 112).repeat(3).reshape(12, 3)
    seedkit.shuffle(seedkit.stream(k42 / "shuffle"), rows)
    assert rows[:, 0].tolist() == lines["shuffle"] and (rows == rows[:, :1]).all()
    wide = np.zeros(24, dtype=np.int64)
    wide[::2] = np.arange(100, 112)
    seedkit.shuffle(seedkit.stream(k42 / "shuffle"), wide[::2])
    assert wide[::2].tolist() == lines["shuffle"] and not wide[1::2].any()
    w = seedkit.stream(k42 / "weighted")
    assert seedkit.weighted_sample(w, [1.0, 2.0, 3.0, 4.0], 6, replace=True).tolist() == \
        lines["weighted_with"]
    assert seedkit.weighted_sample(w, [1.0, 0.0, 2.0, 3.0, 4.0], 3).tolist() == \
        lines["weighted_without"]
    labels = np.array([0, 1, 0, 1, 2, 2, 0, 1, 2, 0, 1, 2, -1, -1, -1, 1])
    folds = seedkit.stratified_k_fold(k7, labels, 3)
    for f, (train, validation) in enumerate(folds):
        assert validation.tolist() == lines[f"stratified{f}_validation"]
        assert sorted(train.tolist() + validation.tolist()) == list(range(16))
    assert folds[0][0].tolist() == lines["stratified0_train"]
    assert seedkit.random_oversample(k7, labels.tolist()).tolist() == lines["oversample"]
    # Bad input: seedkit.Error naming what was wrong.
    with pytest.raises(seedkit.Error, match="read-only"):
        ro = np.arange(4)
        ro.flags.writeable = False
        seedkit.shuffle(w, ro)
    with pytest.raises(seedkit.Error, match="0 dimensions"):
        seedkit.shuffle(w, np.array(3))
    with pytest.raises(seedkit.Error, match="class -1 has 3 items, fewer than folds = 4"):
        seedkit.stratified_k_fold(k7, labels, 4)
    with pytest.raises(seedkit.Error, match="exceeds the 2 items of positive weight"):
        seedkit.weighted_sample(w, [1.0, 0.0, 2.0], 3)
    with pytest.raises(seedkit.Error):
        seedkit.weighted_sample(w, [1.0, -2.0], 1, replace=True)


def test_seed_sequence_equals_numpys():
    for entropy, spawn_key in ((12345, ()), (42, ()), ([1, 2**63 + 5], (3, 1)), (0, (7,))):
        ours = seedkit.seed_sequence(entropy, list(spawn_key))
        theirs = np.random.SeedSequence(entropy, spawn_key=spawn_key)
        assert ours.generate_state(6).tolist() == theirs.generate_state(6).tolist()
        assert ours.generate_state(3, "uint64").tolist() == \
            theirs.generate_state(3, np.uint64).tolist()
        child = ours.spawn(2)[1]
        assert child.generate_state(4).tolist() == theirs.spawn(2)[1].generate_state(4).tolist()
    with pytest.raises(seedkit.Error, match="not an int"):
        seedkit.seed_sequence(-1)
