#!/usr/bin/env python3
"""Independent reference for seedkit/data.hpp.

Implements, in plain Python 3 (standard library only), the data utilities
exactly as docs/data.md specifies them, on top of the other two references:
derive.py for keys and streams (docs/derivation.md) and distributions.py for
Lemire's uniform_int and the Fisher-Yates permutation
(docs/distributions.md). It does not read or run the C++ code. Its output is
the golden file tests/test_data.cpp checks the C++ against:

    python3 tests/reference/data.py > tests/reference/data_golden.txt

Golden line format (all on one line):
    <kind> <key seed hex> <key subsequence hex> <params...> : <lists>
where <lists> are space-separated decimal indices, consecutive lists
separated by "|" (an empty list is nothing between two bars). Fractions are
written as the hex of their IEEE binary64 bits.
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import derive  # noqa: E402
import distributions  # noqa: E402

M64 = (1 << 64) - 1
FRACTION_TOLERANCE = 1e-6


class Stream:
    """The stream of a key as a 64-bit generator: output j is
    w[2j] | w[2j+1] << 32 (docs/derivation.md), with the interface of
    distributions.Gen (width, __call__, bits32, bits64)."""

    width = 64

    def __init__(self, key):
        self.key = key
        self.j = 0
        self.block_index = None
        self.block = None

    def _word(self, i):
        b = i // 4
        if b != self.block_index:
            k, s = self.key
            self.block = derive.philox4x32_10((b & 0xFFFFFFFF, b >> 32, s & 0xFFFFFFFF, s >> 32),
                                              (k & 0xFFFFFFFF, k >> 32))
            self.block_index = b
        return self.block[i % 4]

    def __call__(self):
        w = self._word(2 * self.j) | self._word(2 * self.j + 1) << 32
        self.j += 1
        return w

    def bits64(self):
        return self()

    def bits32(self):
        return self() >> 32


def child(key, path):
    return derive.derive_path(key, path.encode())


def permutation(key, n):
    """seedkit::permutation(n) on the stream of key."""
    return distributions.fisher_yates(Stream(key), n, n)


def uniform_below(g, size):
    """uniform_int<uint64>(0, size - 1) on a 64-bit generator."""
    return distributions.uniform_below_or_equal(g, size - 1)


# --- the utilities, as docs/data.md states them -------------------------------
class DataError(Exception):
    pass


def split_by_counts(key, n, a, b, c):
    if min(a, b, c) < 0 or a + b + c != n:
        raise DataError("counts")
    p = permutation(child(key, "seedkit/split"), n)
    return [p[:a], p[a:a + b], p[a + b:]]


def fraction_sizes(n, train, validation, test):
    """(n_train, n_validation, n_test) of split_by_fractions."""
    for f in (train, validation, test):
        if not (0.0 <= f <= 1.0):
            raise DataError("fraction")
    total = (train + validation) + test
    if abs(total - 1.0) > FRACTION_TOLERANCE or n > 2 ** 53:
        raise DataError("sum")
    n_validation = math.floor(validation * float(n))
    n_test = math.floor(test * float(n))
    if n_validation + n_test > n:
        n_test = n - n_validation
    return (n - n_validation - n_test, n_validation, n_test)


def split_by_fractions(key, n, train, validation, test):
    return split_by_counts(key, n, *fraction_sizes(n, train, validation, test))


def folds_from(fold_of, k):
    return [[i for i, f in enumerate(fold_of) if f == fold] for fold in range(k)]


def k_fold(key, n, k):
    if k < 2 or k > n:
        raise DataError("folds")
    p = permutation(child(key, "seedkit/k_fold"), n)
    fold_of = [None] * n
    for j, item in enumerate(p):
        fold_of[item] = j % k
    return folds_from(fold_of, k)


def classes_of(labels):
    out = {}
    for i, label in enumerate(labels):
        out.setdefault(label, []).append(i)
    return sorted(out.items())


def stratified_k_fold(key, labels, k):
    classes = classes_of(labels)
    if k < 2 or len(labels) < k or any(len(m) < k for _, m in classes):
        raise DataError("folds")
    base = child(key, "seedkit/stratified_k_fold")
    order = []
    for label, members in classes:
        q = permutation(derive.derive_index(base, label & M64), len(members))
        order += [members[x] for x in q]
    fold_of = [None] * len(labels)
    for j, item in enumerate(order):
        fold_of[item] = j % k
    return folds_from(fold_of, k)


def bootstrap(key, n, m):
    if n == 0 and m > 0:
        raise DataError("n")
    g = Stream(child(key, "seedkit/bootstrap"))
    sample = [uniform_below(g, n) for _ in range(m)]
    seen = set(sample)
    return [sample, [i for i in range(n) if i not in seen]]


def random_oversample(key, labels):
    classes = classes_of(labels)
    largest = max((len(m) for _, m in classes), default=0)
    out = list(range(len(labels)))
    base = child(key, "seedkit/random_oversample")
    for label, members in classes:
        if len(members) < largest:
            g = Stream(derive.derive_index(base, label & M64))
            out += [members[uniform_below(g, len(members))] for _ in range(largest - len(members))]
    return out


def epoch_permutation(key, epoch, n):
    return permutation(derive.derive_index(child(key, "seedkit/epoch_permutation"), epoch), n)


def distributed_sampler(indices, rank, world, drop_last):
    """torch.utils.data.DistributedSampler.__iter__ after its shuffle,
    transcribed (PyTorch 2.x, torch/utils/data/distributed.py)."""
    n = len(indices)
    if drop_last and n % world != 0:
        num_samples = math.ceil((n - world) / world)
    else:
        num_samples = math.ceil(n / world)
    total_size = num_samples * world
    indices = list(indices)
    if not drop_last:
        padding_size = total_size - len(indices)
        if padding_size <= len(indices):
            indices += indices[:padding_size]
        else:
            indices += (indices * math.ceil(padding_size / len(indices)))[:padding_size]
    else:
        indices = indices[:total_size]
    assert len(indices) == total_size
    indices = indices[rank:total_size:world]
    assert len(indices) == num_samples
    return indices


def epoch_shards(key, epoch, n, world, tail):
    p = epoch_permutation(key, epoch, n)
    return [distributed_sampler(p, r, world, tail == "drop") for r in range(world)]


# --- the cases ---------------------------------------------------------------
LINES = []


def emit(kind, key, params, lists):
    head = "%s %016x %016x %s" % (kind, key[0], key[1], " ".join(str(p) for p in params))
    body = " | ".join(" ".join(str(i) for i in lst) for lst in lists)
    LINES.append(("%s : %s" % (head, body)).rstrip())


def labels_of(n, classes, seed):
    """Deterministic, uneven labels from SplitMix64 (no seedkit involved)."""
    g = distributions.splitmix64_stream(seed)
    return [classes[next(g) % len(classes)] for _ in range(n)]


def main():
    d = distributions.hex64
    LINES.append("# Golden values for seedkit/data.hpp; GENERATED by tests/reference/data.py, "
                 "do not edit.")
    LINES.append("# <kind> <key seed hex> <key subsequence hex> <params> : lists separated by |")
    keys = [derive.root(0), derive.root(42), derive.root(12321),
            derive.derive_path(derive.root(12321), b"data"), derive.root(M64)]

    for key in keys:
        for n, fr in [(10, (0.8, 0.1, 0.1)), (1000, (0.7, 0.2, 0.1)), (15, (0.8, 0.1, 0.1)),
                      (7, (1 / 3, 1 / 3, 1 / 3)), (100, (0.6, 0.2, 0.2))]:
            emit("split_fractions", key, [n] + [d(f) for f in fr], split_by_fractions(key, n, *fr))
    key = keys[2]
    for n, fr in [(0, (0.8, 0.1, 0.1)), (1, (0.8, 0.1, 0.1)), (3, (0.0, 0.5, 0.5)),
                  (10, (1.0, 0.0, 0.0)), (10, (0.0, 0.0, 1.0)), (3, (0.5, 0.5 + 5e-7, 0.0))]:
        emit("split_fractions", key, [n] + [d(f) for f in fr], split_by_fractions(key, n, *fr))
    # Sizes alone, for n too large to permute here: the clamp when the
    # fractions add up to slightly more than 1, and n up to 2^53.
    for n, fr in [(2000001, (0.0, 0.5000004, 0.5000004)), (2000001, (0.5000004, 0.0, 0.5000004)),
                  (10, (0.7, 0.2, 0.1)), (2 ** 53, (0.8, 0.1, 0.1)), (2 ** 53 - 1, (0.3, 0.3, 0.4)),
                  (12345678901, (0.9, 0.05, 0.05)), (999, (1 / 3, 1 / 3, 1 / 3)),
                  (1000000, (0.1, 0.2, 0.7)), (49, (0.5, 0.5 - 1e-6, 1e-6))]:
        LINES.append("split_sizes %d %s : %d %d %d" % ((n, " ".join(d(f) for f in fr))
                                                       + fraction_sizes(n, *fr)))
    for key in keys[:3]:
        for n, a, b, c in [(10, 8, 1, 1), (10, 0, 0, 10), (0, 0, 0, 0), (500, 300, 150, 50)]:
            emit("split_counts", key, [n, a, b, c], split_by_counts(key, n, a, b, c))

    for key in keys:
        for n, k in [(10, 2), (10, 3), (10, 10), (103, 5), (2, 2)]:
            emit("k_fold", key, [n, k], k_fold(key, n, k))

    for key in keys:
        for n, k, classes, s in [(30, 3, [0, 1], 1), (50, 5, [0, 1, 2], 2),
                                 (40, 4, [-3, 7, 1000000007, 2], 3), (12, 2, [5], 4)]:
            labels = labels_of(n, classes, s)
            emit("stratified_k_fold", key, [k, n] + labels, stratified_k_fold(key, labels, k))
    emit("stratified_k_fold", keys[1], [3, 9] + [2, 2, 2, 9, 9, 9, 2, 9, 2],
         stratified_k_fold(keys[1], [2, 2, 2, 9, 9, 9, 2, 9, 2], 3))

    for key in keys:
        for n, m in [(10, 10), (1, 3), (0, 0), (200, 200), (1000, 50), (5, 20)]:
            emit("bootstrap", key, [n, m], bootstrap(key, n, m))

    for key in keys:
        for n, classes, s in [(20, [0, 1], 5), (40, [0, 1, 2], 6), (30, [-1, 3, 4, 5], 7)]:
            labels = labels_of(n, classes, s)
            emit("random_oversample", key, [n] + labels, [random_oversample(key, labels)])
    emit("random_oversample", keys[0], [4, 1, 1, 1, 1], [random_oversample(keys[0], [1, 1, 1, 1])])
    emit("random_oversample", keys[0], [0], [random_oversample(keys[0], [])])
    emit("random_oversample", keys[0], [5, 0, 0, 0, 0, 1],
         [random_oversample(keys[0], [0, 0, 0, 0, 1])])

    for key in keys:
        for epoch in [0, 1, 2, 5, 1000, M64]:
            for n in [0, 1, 2, 17, 300]:
                emit("epoch_permutation", key, [epoch, n], [epoch_permutation(key, epoch, n)])

    for key in keys[1:4]:
        for epoch, n, world in [(0, 10, 3), (3, 10, 3), (1, 12, 4), (2, 100, 8), (7, 5, 8),
                                (4, 1, 3), (0, 0, 2), (9, 1000, 7), (0, 9, 1)]:
            for tail in ("pad", "drop"):
                emit("epoch_shard", key, [epoch, n, world, tail],
                     epoch_shards(key, epoch, n, world, tail))

    sys.stdout.write("\n".join(LINES) + "\n")


if __name__ == "__main__":
    # The fraction rule's rounding: floor of the double product, as the
    # specification says (0.7 * 10 is 7.0 in double, though 0.7 < 7/10).
    assert math.floor(0.7 * 10.0) == 7
    # Sizes on a few known cases.
    assert fraction_sizes(15, 0.8, 0.1, 0.1) == (13, 1, 1)
    assert fraction_sizes(3, 0.0, 0.5, 0.5) == (1, 1, 1)
    assert fraction_sizes(2000001, 0.0, 0.5000004, 0.5000004) == (0, 1000001, 1000000)
    # The shard rule against the plain description (pad: cyclic; drop: truncate).
    for n in range(0, 20):
        for w in range(1, 6):
            order = list(range(100, 100 + n))
            s = -(-n // w)
            padded = [order[t % n] for t in range(s * w)] if n else []
            assert [distributed_sampler(order, r, w, False) for r in range(w)] == \
                [padded[r::w] for r in range(w)]
            assert [distributed_sampler(order, r, w, True) for r in range(w)] == \
                [order[:(n // w) * w][r::w] for r in range(w)]
    main()
