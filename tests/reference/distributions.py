#!/usr/bin/env python3
"""Independent reference for seedkit/distributions.hpp and seedkit/shuffle.hpp.

Implements, in plain Python 3 (standard library only), the algorithms exactly
as docs/distributions.md specifies them, and writes the golden file that
tests/test_distributions.cpp checks the C++ against, bit for bit:

    python3 tests/reference/distributions.py > tests/reference/distributions_golden.txt

Python floats are IEEE binary64 with correctly rounded + - * / and no fused
multiply-add, which is the arithmetic the specification prescribes; binary32
results are obtained by rounding a binary64 result that is exact or correctly
rounded (binary64 has more than 2*24+2 bits, so the double rounding is
innocuous). The generator words come from SplitMix64 (checked below against
its published outputs, tests/reference/known_answers.txt) or from literal
word lists, so no engine is needed.

Golden line format:
    <kind> <generator> <count> <params...> : <outputs...> ; calls=<n>
generator: S64:<seed> (SplitMix64 outputs), S32:<seed> (the high 32 bits of
each SplitMix64 output), R64:<hex>,<hex>... or R32:... (the listed words);
calls: how many times the generator was called in total. Reals are written
as the hex of their IEEE bit pattern (16 digits for double, 8 for float).
"""
import math
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ziggurat_tables  # noqa: E402

M64 = (1 << 64) - 1
M32 = (1 << 32) - 1


# --- generators -------------------------------------------------------------
def splitmix64_stream(seed):
    state = seed & M64
    while True:
        state = (state + 0x9E3779B97F4A7C15) & M64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        yield z ^ (z >> 31)


def known_answer(name):
    """The values of entry `name` of known_answers.txt (next to this script),
    the published known answers the C++ tests read too."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "known_answers.txt")
    with open(path) as f:
        for line in f:
            fields = line.split()
            if fields and not line.startswith("#") and fields[0] == name:
                base = {"hex": 16, "dec": 10}[fields[1]]
                return [int(v, base) for v in fields[2:]]
    raise KeyError(name + " not in " + path)


# The rand_xoshiro reference: the seed, then the first five outputs.
_kat = known_answer("splitmix64.rand_xoshiro")
_g = splitmix64_stream(_kat[0])
assert [next(_g) for _ in range(5)] == _kat[1:], "SplitMix64 reference (rand_xoshiro)"


class Gen:
    """A word source of width 32 or 64 that counts calls."""

    def __init__(self, spec):
        self.spec = spec
        kind, arg = spec.split(":")
        self.width = 64 if kind.endswith("64") else 32
        if kind[0] == "S":
            sm = splitmix64_stream(int(arg))
            self._next = (lambda: next(sm)) if self.width == 64 else (lambda: next(sm) >> 32)
        else:
            words = iter([int(w, 16) for w in arg.split(",")])
            self._next = lambda: next(words)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self._next()

    def bits32(self):
        return self() if self.width == 32 else self() >> 32

    def bits64(self):
        if self.width == 64:
            return self()
        hi = self()
        lo = self()
        return (hi << 32) | lo


# --- floating point ----------------------------------------------------------
def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def hex64(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def hex32(x):
    return "%08x" % struct.unpack("<I", struct.pack("<f", x))[0]


def from_hex64(h):
    return struct.unpack("<d", struct.pack("<Q", int(h, 16)))[0]


def from_hex32(h):
    return struct.unpack("<f", struct.pack("<I", int(h, 16)))[0]


def next_below64(x):
    if x == 0.0:
        return -5e-324
    u = struct.unpack("<Q", struct.pack("<d", x))[0]
    u = u - 1 if x > 0 else u + 1
    return struct.unpack("<d", struct.pack("<Q", u))[0]


def next_below32(x):
    if x == 0.0:
        return -from_hex32("00000001")
    u = struct.unpack("<I", struct.pack("<f", x))[0]
    u = u - 1 if x > 0 else u + 1
    return struct.unpack("<f", struct.pack("<I", u))[0]


H = float.fromhex
EXP_C = [H(h) for h in (
    "0x1.0000000000000p+0", "0x1.0000000000000p+0", "0x1.0000000000000p-1",
    "0x1.5555555555555p-3", "0x1.5555555555555p-5", "0x1.1111111111111p-7",
    "0x1.6c16c16c16c17p-10", "0x1.a01a01a01a01ap-13", "0x1.a01a01a01a01ap-16",
    "0x1.71de3a556c734p-19", "0x1.27e4fb7789f5cp-22", "0x1.ae64567f544e4p-26",
    "0x1.1eed8eff8d898p-29", "0x1.6124613a86d09p-33")]
# Independent check of the coefficient literals: 1/k! correctly rounded.
from fractions import Fraction  # noqa: E402
assert EXP_C == [float(Fraction(1, math.factorial(k))) for k in range(14)]
LOG_C = [None] + [float(Fraction(1, 2 * k + 1)) for k in range(1, 11)]
INV_LN2 = H("0x1.71547652b82fep+0")
LN2_HI = H("0x1.62e42fee00000p-1")
LN2_LO = H("0x1.a39ef35793c76p-33")
SQRT2 = H("0x1.6a09e667f3bcdp+0")
ROUND_MAGIC = H("0x1.8p52")
assert INV_LN2 == 1 / math.log(2) and SQRT2 == math.sqrt(2)
assert abs((LN2_HI + LN2_LO) - math.log(2)) < 1e-16


def exp_reduced(x):
    """(p, k) with exp(x) = p * 2**k, for finite x in [-746, 710]."""
    t = x * INV_LN2
    kd = (t + ROUND_MAGIC) - ROUND_MAGIC
    r = (x - kd * LN2_HI) - kd * LN2_LO
    p = EXP_C[13]
    for k in range(12, -1, -1):
        p = EXP_C[k] + r * p
    return p, int(kd)


def pexp(x):
    if not (x >= -708.0):
        return x if x != x else 0.0
    if x > 709.0:
        return math.inf
    p, k = exp_reduced(x)
    return p * math.ldexp(1.0, k)


def plog(x):
    if not (x > 0.0):
        return -math.inf if x == 0.0 else math.nan
    if math.isinf(x):
        return x
    e = 0
    if x < 2.0 ** -1022:
        x = x * 2.0 ** 54
        e = -54
    u = struct.unpack("<Q", struct.pack("<d", x))[0]
    e += ((u >> 52) & 0x7FF) - 1023
    m = struct.unpack("<d", struct.pack("<Q", (u & ((1 << 52) - 1)) | (1023 << 52)))[0]
    if m > SQRT2:
        m = m * 0.5
        e += 1
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    p = LOG_C[10]
    for k in range(9, 0, -1):
        p = LOG_C[k] + z * p
    big_r = z * p
    s2 = s + s
    logm = s2 + s2 * big_r
    ed = float(e)
    return ed * LN2_HI + (ed * LN2_LO + logm)


def unit_co(w64):
    return float(w64 >> 11) * 2.0 ** -53


def unit_oc(w64):
    return float((w64 >> 11) + 1) * 2.0 ** -53


def threshold(p):
    return math.ceil(p * 2.0 ** 64)  # p * 2^64 is exact


# --- distributions -------------------------------------------------------------
def uniform_below_or_equal(g, rng):
    """Lemire's nearly divisionless method, as docs/distributions.md states it."""
    if g.width == 32 and rng < (1 << 32):
        s = rng + 1
        m = g.bits32() * s
        if (m & M32) < s:
            t = ((1 << 32) - s) % s
            while (m & M32) < t:
                m = g.bits32() * s
        return m >> 32
    if rng == M64:
        return g.bits64()
    s = rng + 1
    m = g.bits64() * s
    if (m & M64) < s:
        t = ((1 << 64) - s) % s
        while (m & M64) < t:
            m = g.bits64() * s
    return m >> 64


def uniform_int(g, a, b, bits, signed):
    off = uniform_below_or_equal(g, (b - a) & M64)
    v = (a + off) & ((1 << bits) - 1)
    if signed and v >= 1 << (bits - 1):
        v -= 1 << bits
    return v


def uniform_real64(g, a, b):
    width = b - a
    x = a + width * unit_co(g.bits64())
    return x if x < b else next_below64(b)


def uniform_real32(g, a, b):
    width = f32(b - a)
    u = float(g.bits32() >> 8) * 2.0 ** -24
    x = f32(a + f32(width * u))
    return x if x < b else next_below32(b)


def bernoulli(g, p):
    w = g.bits64()
    return p == 1.0 or w < threshold(p)


PATHS = {"fast": 0, "wedge": 0, "tail": 0}


def standard_normal(g):
    r, xs, ys = ziggurat_tables.cached_tables("normal")
    while True:
        w = g.bits64()
        i = w & 0xFF
        neg = (w >> 8) & 1
        x = unit_co(w) * xs[i]
        if x < xs[i + 1]:
            PATHS["fast"] += 1
            return -x if neg else x
        if i == 0:
            PATHS["tail"] += 1
            while True:
                a = -plog(unit_oc(g.bits64())) / r
                b = -plog(unit_oc(g.bits64()))
                if b + b > a * a:
                    t = r + a
                    return -t if neg else t
        PATHS["wedge"] += 1
        y = ys[i] + (ys[i + 1] - ys[i]) * unit_co(g.bits64())
        if y < pexp(-0.5 * (x * x)):
            return -x if neg else x


def standard_exponential(g):
    r, xs, ys = ziggurat_tables.cached_tables("exponential")
    offset = 0.0
    while True:
        w = g.bits64()
        i = w & 0xFF
        x = unit_co(w) * xs[i]
        if x < xs[i + 1]:
            PATHS["fast"] += 1
            return offset + x
        if i == 0:
            PATHS["tail"] += 1
            offset = offset + r
            continue
        PATHS["wedge"] += 1
        y = ys[i] + (ys[i + 1] - ys[i]) * unit_co(g.bits64())
        if y < pexp(-x):
            return offset + x


def normal(g, mean, sd):
    return mean + sd * standard_normal(g)


def truncated_normal(g, mean, sd, lo, hi, single):
    alpha = (lo - mean) / sd
    beta = (hi - mean) / sd
    z = standard_normal(g)
    while not (alpha <= z <= beta):
        z = standard_normal(g)
    x = mean + sd * z
    x = min(max(x, lo), hi)
    if single:
        x = min(max(f32(x), lo), hi)
    return x


def alias_table(weights):
    n = len(weights)
    total = 0.0
    for w in weights:
        total = total + w
    q = [(w / total) * float(n) for w in weights]
    small, large = [], []
    for i in range(n):
        (small if q[i] < 1.0 else large).append(i)
    thr = [M64] * n
    alias = list(range(n))
    while small and large:
        s = small.pop()
        l_ = large.pop()
        thr[s] = threshold(q[s])
        alias[s] = l_
        q[l_] = q[l_] - (1.0 - q[s])
        (small if q[l_] < 1.0 else large).append(l_)
    return thr, alias


def discrete(g, table):
    thr, alias = table
    i = uniform_below_or_equal(g, len(thr) - 1)
    w = g.bits64()
    return i if w < thr[i] else alias[i]


def dropout_words(g, p, nbits):
    num = round(p * 65536.0)  # exact product; round() is nearest, ties to even
    out = []
    for k in range((nbits + 63) // 64):
        if num == 0:
            m = 0
        elif num == 65536:
            m = M64
        else:
            z = (num & -num).bit_length() - 1
            m = 0
            for bit in range(z, 16):
                w = g.bits64()
                m = (m | w) if (num >> bit) & 1 else (m & w)
        if k == (nbits + 63) // 64 - 1 and nbits % 64:
            m &= (1 << (nbits % 64)) - 1
        out.append(m)
    return out


class Words32(Gen):
    """The 32-bit word stream of shuffle/permutation/sample: a 32-bit
    generator's calls, or each 64-bit call's high half and then its low half."""

    def __init__(self, gen):
        self.base = gen
        self.width = 32
        self.pending = None

    def __call__(self):
        if self.base.width == 32:
            return self.base()
        if self.pending is not None:
            w, self.pending = self.pending, None
            return w
        w = self.base()
        self.pending = w & M32
        return w >> 32


def fisher_yates(gen, n, k):
    g = Words32(gen)
    a = list(range(n))
    for i in range(min(k, n - 1) if n else 0):
        j = i + uniform_below_or_equal(g, n - 1 - i)
        a[i], a[j] = a[j], a[i]
    return a[:k]


def weighted_without(g, weights, k):
    keys = []
    for i, w in enumerate(weights):
        u = unit_oc(g.bits64())
        keys.append((0 if w > 0 else 1, -plog(u) / w if w > 0 else 0.0, i))
    keys.sort()
    return [i for _, _, i in keys[:k]]


# --- the cases ---------------------------------------------------------------
LINES = []


def emit(kind, gen, count, params, outputs):
    LINES.append("%s %s %d %s : %s ; calls=%d" % (
        kind, gen.spec, count, " ".join(str(p) for p in params),
        " ".join(str(o) for o in outputs), gen.calls))


def case_uniform_int(kind, bits, signed, spec, count, a, b):
    g = Gen(spec)
    out = [uniform_int(g, a, b, bits, signed) for _ in range(count)]
    emit(kind, g, count, [a, b], out)


def case_real(kind, spec, count, params, fn, fmt, parse):
    g = Gen(spec)
    vals = [parse(p) for p in params]
    out = [fmt(fn(g, *vals)) for _ in range(count)]
    emit(kind, g, count, params, out)


def main():
    stream = sys.stdout
    LINES.append("# Golden values for seedkit distributions; GENERATED by "
                 "tests/reference/distributions.py, do not edit.")

    I64MIN, I64MAX = -(1 << 63), (1 << 63) - 1
    I32MIN, I32MAX = -(1 << 31), (1 << 31) - 1
    for spec in ("S64:1", "S32:2"):
        case_uniform_int("uniform_int_u64", 64, False, spec, 100, 0, 0)
        case_uniform_int("uniform_int_i32", 32, True, spec, 200, 1, 6)
        case_uniform_int("uniform_int_u64", 64, False, spec, 200, 0, 999)
        case_uniform_int("uniform_int_u64", 64, False, spec, 200, 0, 1 << 31)
        case_uniform_int("uniform_int_u64", 64, False, spec, 100, 0, M32)
        case_uniform_int("uniform_int_u64", 64, False, spec, 100, 0, 1 << 32)
        case_uniform_int("uniform_int_u64", 64, False, spec, 200, 0, 1 << 63)
        case_uniform_int("uniform_int_u64", 64, False, spec, 200, 5, 3 * (1 << 62))
        case_uniform_int("uniform_int_u64", 64, False, spec, 100, 0, M64)
        case_uniform_int("uniform_int_i64", 64, True, spec, 100, I64MIN, I64MAX)
        case_uniform_int("uniform_int_i64", 64, True, spec, 200, -5, 5)
        case_uniform_int("uniform_int_i64", 64, True, spec, 200, I64MIN, 12345)
        case_uniform_int("uniform_int_i32", 32, True, spec, 100, I32MIN, I32MAX)
        case_uniform_int("uniform_int_i32", 32, True, spec, 200, -1000000, 1000000)
        case_uniform_int("uniform_int_u16", 16, False, spec, 100, 0, 65535)
        case_uniform_int("uniform_int_i8", 8, True, spec, 100, -128, 127)
    # Words that force rejections: s = 3, threshold (2^32 - 3) mod 3 = 1.
    case_uniform_int("uniform_int_u64", 64, False, "R32:00000000,00000001,80000000", 1, 0, 2)
    case_uniform_int("uniform_int_u64", 64, False,
                     "R64:0000000000000000,5555555555555555", 1, 0, 2)
    case_uniform_int("uniform_int_u64", 64, False,
                     "R64:0000000000000000,0000000000000001,8000000000000000", 1, 1 << 32, (1 << 32) + 2)

    d = hex64
    real_cases64 = [
        ("S64:3", 200, 0.0, 1.0), ("S32:4", 200, 0.0, 1.0), ("S64:5", 200, -1.0, 1.0),
        ("S64:6", 200, -3.0, 7.5), ("S64:7", 100, 1e-300, 2e-300), ("S64:8", 100, -1e300, 1e300),
        ("R64:ffffffffffffffff,fffffffffffff800,0000000000000000", 3, 1.0, 2.0),
        ("R32:ffffffff,ffffffff", 1, 1.0, 2.0),
    ]
    for spec, count, a, b in real_cases64:
        case_real("uniform_real_f64", spec, count, [d(a), d(b)], uniform_real64, hex64, from_hex64)
    real_cases32 = [
        ("S64:9", 200, 0.0, 1.0), ("S32:10", 200, 0.0, 1.0), ("S32:11", 200, -1.0, 1.0),
        ("S32:12", 200, -3.0, 7.5), ("R32:ffffffff,ffffff00,00000000", 3, 1.0, 2.0),
        ("R64:ffffffffffffffff", 1, 1.0, 2.0),
    ]
    for spec, count, a, b in real_cases32:
        case_real("uniform_real_f32", spec, count, [hex32(a), hex32(b)], uniform_real32, hex32, from_hex32)

    for spec, count, p in [("S64:13", 300, 0.5), ("S32:14", 200, 0.3), ("S64:15", 100, 0.0),
                           ("S64:16", 100, 1.0), ("S64:17", 200, 1e-20),
                           ("S64:18", 100, 1.0 - 2.0 ** -53), ("S64:19", 300, 0.9),
                           ("R64:7fffffffffffffff,8000000000000000", 2, 0.5),
                           ("R64:0000000000000000,0000000000000001", 2, 2.0 ** -64),
                           ("R64:0000000000000000,0000000000000001", 2, 1e-30)]:
        case_real("bernoulli", spec, count, [d(p)], lambda g, pp: bernoulli(g, pp),
                  lambda v: int(v), from_hex64)

    for key in PATHS:
        PATHS[key] = 0
    for spec, count, m, s in [("S64:20", 4000, 0.0, 1.0), ("S32:21", 1000, 0.0, 1.0),
                              ("S64:22", 200, 3.0, 2.5), ("S64:23", 20, -1.0, 0.0),
                              ("S64:24", 200, -1e-3, 1e5)]:
        case_real("normal_f64", spec, count, [d(m), d(s)], normal, hex64, from_hex64)
    # Words that force the tail (layer 0 beyond r), a rejection inside the
    # tail, and the top layer's wedge test accepting and rejecting.
    for spec, count in [("R64:ffffffffffffff00,8000000000000000,1000000000000000", 1),
                        ("R64:fffffffffffffe00,0000010000000000,8000000000000000,"
                         "8000000000000000,1000000000000000", 1),
                        ("R64:80000000000000ff,0000000000000000,ffffffffffffffff,"
                         "ffffffffffffffff,0000000000000101", 2),
                        ("R32:ffffffff,ffffff00,80000000,00000000,10000000,00000000", 1)]:
        case_real("normal_f64", spec, count, [d(0.0), d(1.0)], normal, hex64, from_hex64)
    for spec, count, m, s in [("S64:25", 300, 0.0, 1.0), ("S32:26", 300, 0.5, 0.125)]:
        case_real("normal_f32", spec, count, [hex32(m), hex32(s)],
                  lambda g, mm, ss: f32(normal(g, mm, ss)), hex32, from_hex32)
    normal_paths = dict(PATHS)

    for key in PATHS:
        PATHS[key] = 0
    for spec, count, lam in [("S64:27", 4000, 1.0), ("S32:28", 1000, 1.0), ("S64:29", 200, 0.25),
                             ("S64:30", 200, 1e10)]:
        case_real("exponential_f64", spec, count, [d(lam)],
                  lambda g, ll: standard_exponential(g) / ll, hex64, from_hex64)
    for spec, count in [("R64:ffffffffffffff00,ffffffffffffff00,0000000000000005", 1),
                        ("R64:80000000000000ff,0000000000000000,ffffffffffffffff,"
                         "ffffffffffffffff,0000000000000101", 2)]:
        case_real("exponential_f64", spec, count, [d(1.0)],
                  lambda g, ll: standard_exponential(g) / ll, hex64, from_hex64)
    for spec, count, lam in [("S64:31", 300, 3.0)]:
        case_real("exponential_f32", spec, count, [hex32(lam)],
                  lambda g, ll: f32(standard_exponential(g) / ll), hex32, from_hex32)
    exponential_paths = dict(PATHS)

    inf = math.inf
    for spec, count, m, s, lo, hi in [("S64:32", 500, 0.0, 1.0, -2.0, 2.0),
                                      ("S32:33", 200, 1.0, 0.5, 0.0, inf),
                                      ("S64:34", 200, 0.0, 1.0, -inf, -1.5),
                                      ("S64:35", 200, 10.0, 3.0, 9.0, 9.5)]:
        case_real("truncated_normal_f64", spec, count, [d(m), d(s), d(lo), d(hi)],
                  lambda g, *a: truncated_normal(g, *a, single=False), hex64, from_hex64)
    for spec, count, m, s, lo, hi in [("S64:36", 300, 0.0, 0.02, -0.04, 0.04)]:
        case_real("truncated_normal_f32", spec, count, [hex32(m), hex32(s), hex32(lo), hex32(hi)],
                  lambda g, *a: truncated_normal(g, *a, single=True), hex32, from_hex32)

    weight_sets = [
        [1.0, 2.0, 3.0, 4.0],
        [0.0, 0.0, 5.0],
        [1e-300, 1.0, 1e300],
        [1.0],
        [float((i * 7) % 11) + 0.5 for i in range(37)],
        [0.1] * 10,
        [1.0 / 3.0, 2.0 / 3.0, 1e-9, 0.0, 0.25],
    ]
    for k, ws in enumerate(weight_sets):
        params = [len(ws)] + [d(w) for w in ws]
        thr, alias = alias_table(ws)
        LINES.append("discrete_table - 0 %s : %s ; calls=0" % (
            " ".join(str(p) for p in params),
            " ".join("%016x/%d" % (t, a) for t, a in zip(thr, alias))))
        for spec in ("S64:%d" % (40 + k), "S32:%d" % (50 + k)):
            g = Gen(spec)
            out = [discrete(g, (thr, alias)) for _ in range(300)]
            emit("discrete", g, 300, params, out)

    for spec, p, nbits in [("S64:60", 0.9, 1000), ("S64:61", 0.5, 640), ("S32:62", 0.1, 777),
                           ("S64:63", 0.0, 100), ("S64:64", 1.0, 100), ("S64:65", 0.123456, 1000),
                           ("S64:66", 0.5 + 2.0 ** -17, 256), ("S64:67", 0.5 + 3 * 2.0 ** -17, 256)]:
        g = Gen(spec)
        words = dropout_words(g, p, nbits)
        emit("dropout", g, 1, [d(p), nbits], ["%016x" % w for w in words])

    for spec, n in [("S64:70", 0), ("S64:71", 1), ("S64:72", 2), ("S64:73", 10), ("S64:74", 1000),
                    ("S32:75", 100)]:
        g = Gen(spec)
        emit("shuffle", g, 1, [n], fisher_yates(g, n, n))
    for spec, n in [("S64:76", 20), ("S32:77", 20)]:
        g = Gen(spec)
        emit("permutation", g, 1, [n], fisher_yates(g, n, n))
    for spec, n, k in [("S64:78", 1000, 10), ("S64:79", 10, 10), ("S64:80", 20, 5),
                       ("S64:81", 100000, 100), ("S64:82", 0, 0), ("S32:83", 50, 49),
                       ("S64:84", 1 << 40, 5)]:
        g = Gen(spec)
        emit("sample", g, 1, [n, k], fisher_yates_sparse_ok(g, n, k))
    for spec, ws, k in [("S64:85", [1.0, 2.0, 3.0, 4.0], 50), ("S32:86", [0.0, 1.0, 0.5], 30)]:
        g = Gen(spec)
        table = alias_table(ws)
        emit("weighted_with", g, 1, [k, len(ws)] + [d(w) for w in ws],
             [discrete(g, table) for _ in range(k)])
    for spec, ws, k in [("S64:87", [1.0, 0.0, 5.0, 2.0, 0.5, 3.0], 4),
                        ("S64:88", [1.0, 0.0, 5.0, 2.0, 0.5, 3.0], 5),
                        ("S32:89", [float(i + 1) for i in range(30)], 30)]:
        g = Gen(spec)
        emit("weighted_without", g, 1, [k, len(ws)] + [d(w) for w in ws],
             weighted_without(g, ws, k))

    xs = [-708.0, -707.9, -100.0, -37.5, -1.0, -0.5, -1e-300, 0.0, 1e-20, 0.34657359, 0.5,
          1.0, 2.0, 10.0, 100.0, 708.9]
    xs += [-20.0 + 0.0731 * i for i in range(400)]
    LINES.append("portable_exp - 0 %d %s : %s ; calls=0" % (
        len(xs), " ".join(d(x) for x in xs), " ".join(d(pexp(x)) for x in xs)))
    ys = [5e-324, 1e-310, 2.0 ** -1022, 1e-300, 1e-10, 0.5, SQRT2, next_below64(SQRT2),
          math.sqrt(0.5), 1.0, 1.0 + 2.0 ** -52, 2.0, 3.0, 10.0, 1e300, 1.7976931348623157e308]
    ys += [2.0 ** -53 * (1 + 977 * i) for i in range(200)] + [0.003 * i + 0.001 for i in range(200)]
    LINES.append("portable_log - 0 %d %s : %s ; calls=0" % (
        len(ys), " ".join(d(y) for y in ys), " ".join(d(plog(y)) for y in ys)))

    LINES.append("# ziggurat paths taken by the normal cases: %s" % normal_paths)
    LINES.append("# ziggurat paths taken by the exponential cases: %s" % exponential_paths)
    stream.write("\n".join(LINES) + "\n")


def fisher_yates_sparse_ok(g, n, k):
    """sample(n, k): the first k of a forward Fisher-Yates, only min(k, n-1)
    steps; a dict stands in for the array so huge n is fine."""
    g = Words32(g)
    moved = {}
    out = []
    steps = min(k, n - 1) if n else 0
    for i in range(steps):
        j = i + uniform_below_or_equal(g, n - 1 - i)
        ai = moved.get(i, i)
        aj = moved.get(j, j)
        out.append(aj)
        moved[j] = ai
    if len(out) < k:
        out.append(moved.get(n - 1, n - 1))
    return out


if __name__ == "__main__":
    # Accuracy sanity of the reference's own exp and log (the bits are the
    # specification; this only guards against a wrong constant).
    for i in range(1, 2000):
        x = -700.0 + 0.7 * i
        assert abs(pexp(x) - math.exp(x)) <= 4e-16 * math.exp(x), x
        y = 0.001 * i
        assert abs(plog(y) - math.log(y)) <= 4e-16 * abs(math.log(y)) + 1e-300, y
    main()
