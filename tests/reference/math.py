#!/usr/bin/env python3
"""Independent reference for seedkit/math.hpp (exp, log, log1p, expm1).

Implements, in plain Python 3 (standard library only), the algorithms exactly
as docs/math.md specifies them, and writes the golden file that
tests/test_math.cpp checks the C++ against, bit for bit:

    python3 tests/reference/math.py > tests/reference/math_golden.txt

Python floats are IEEE binary64 with correctly rounded + - * / and no fused
multiply-add, which is the arithmetic the specification prescribes. The
float results round the double result once, to nearest-even.

Golden line format:
    <function> <x> <result>
function: exp, log, log1p, expm1 (double; 16 hex digits of the IEEE bit
pattern) or expf, logf, log1pf, expm1f (float; 8 hex digits); a NaN result
is written as "nan" (its payload is not specified).
"""
import math
import struct
from fractions import Fraction

M64 = (1 << 64) - 1
H = float.fromhex

# --- the specification's constants and the distributions' exp and log -------
# docs/math.md's exp and log are those of docs/distributions.md, extended;
# their reference lives in distributions.py (the same folder).
from distributions import EXP_C, LN2_HI, exp_reduced, plog  # noqa: E402

assert EXP_C == [float(Fraction(1, math.factorial(k))) for k in range(14)]
assert LN2_HI.hex().endswith("ee00000p-1")  # 32 trailing zero bits


def bits64(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def from_bits64(u):
    return struct.unpack("<d", struct.pack("<Q", u))[0]


def bits32(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


# --- the functions ------------------------------------------------------------
def exp(x):
    if -708.0 <= x <= 709.0:
        p, k = exp_reduced(x)
        return p * 2.0 ** k
    if x != x:
        return x
    if x > 710.0:
        return math.inf
    if x < -746.0:
        return 0.0
    p, k = exp_reduced(x)
    if k > 0:
        return (p * 2.0 ** (k - 2)) * 4.0
    return (p * 2.0 ** (k + 64)) * 2.0 ** -64


def log(x):
    return plog(x)


def log1p(x):
    if x != x:
        return x
    if x < -1.0:
        return math.nan
    if x == -1.0:
        return -math.inf
    if math.isinf(x):
        return x
    u = 1.0 + x
    if u == 1.0:
        return x
    return log(u) * (x / (u - 1.0))


def expm1(x):
    if x != x:
        return x
    if x > 710.0:
        return math.inf
    if x < -40.0:
        return -1.0
    u = exp(x)
    if u == 1.0:
        return x
    if math.isinf(u):
        return u
    um1 = u - 1.0
    if um1 == -1.0:
        return -1.0
    return um1 * (x / log(u))


FLT_MAX = H("0x1.fffffep127")
FLT_OVERFLOW = H("0x1.ffffffp127")  # FLT_MAX + half an ulp: ties go to inf


def round_to_float(x):
    if x >= FLT_OVERFLOW:
        return math.inf
    if x <= -FLT_OVERFLOW:
        return -math.inf
    if x > FLT_MAX:
        return FLT_MAX
    if x < -FLT_MAX:
        return -FLT_MAX
    return struct.unpack("<f", struct.pack("<f", x))[0]


# --- the inputs ---------------------------------------------------------------
def splitmix64(seed):
    state = seed & M64
    while True:
        state = (state + 0x9E3779B97F4A7C15) & M64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        yield z ^ (z >> 31)


def uniform(g, lo, hi, n):
    return [lo + (hi - lo) * ((next(g) >> 11) * 2.0 ** -53) for _ in range(n)]


def positive_bit_patterns(g, lo_bits, hi_bits, n):
    return [from_bits64(lo_bits + next(g) % (hi_bits - lo_bits)) for _ in range(n)]


SPECIALS = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 10.0, -10.0, 5e-324, -5e-324,
            2.0 ** -1022, 1e-300, -1e-300, 1e-17, -1e-17, 1e300, -1e300,
            H("0x1.fffffffffffffp1023"), math.inf, -math.inf, math.nan,
            708.0, 709.0, 709.78, H("0x1.62e42fefa39efp+9"), 709.8, 710.0, 711.0,
            -708.0, -708.5, -744.0, -745.0, -745.13, -745.2, -746.0, -747.0,
            -40.0, -40.5, -37.0, H("0x1p-53"), -H("0x1p-53"), H("0x1p-54"),
            -H("0x1p-54"), 0.6931471805599453, 88.7, 89.0, -103.0, -104.0]


def inputs():
    g = splitmix64(20261205)
    exp_x = SPECIALS + uniform(g, -760.0, 760.0, 200) + uniform(g, -1.0, 1.0, 100) + \
        uniform(g, -1e-10, 1e-10, 40) + uniform(g, -746.5, -707.5, 60) + \
        uniform(g, 707.5, 710.5, 40)
    log_x = SPECIALS + positive_bit_patterns(g, 1, 0x7FF0000000000000, 200) + \
        uniform(g, 0.999, 1.001, 100) + positive_bit_patterns(g, 1, 1 << 52, 40) + \
        uniform(g, 0.0, 10.0, 60)
    log1p_x = SPECIALS + uniform(g, -1.0, 0.0, 100) + uniform(g, -1e-6, 1e-6, 100) + \
        uniform(g, 0.0, 1000.0, 60) + positive_bit_patterns(g, 1, 0x7FF0000000000000, 80)
    expm1_x = SPECIALS + uniform(g, -50.0, 50.0, 160) + uniform(g, -1e-6, 1e-6, 100) + \
        uniform(g, -1.0, 1.0, 80) + uniform(g, 700.0, 712.0, 40)
    return [("exp", exp, exp_x), ("log", log, log_x), ("log1p", log1p, log1p_x),
            ("expm1", expm1, expm1_x)]


def main():
    out = ["# Golden values for seedkit/math.hpp; GENERATED by tests/reference/math.py, do not edit."]
    for name, f, xs in inputs():
        for x in xs:
            y = f(x)
            out.append("%s %016x %s" % (name, bits64(x), "nan" if y != y else "%016x" % bits64(y)))
        for x in xs:
            xf = round_to_float(x)
            y = round_to_float(f(xf))
            out.append("%sf %08x %s" % (name, bits32(xf), "nan" if y != y else "%08x" % bits32(y)))
    print("\n".join(out))


def self_check():
    """Accuracy sanity against Python's libm (the bits are the specification;
    this only guards against a wrong constant or branch)."""
    g = splitmix64(1)
    for name, f, ref, lo, hi in (("exp", exp, math.exp, -745.0, 709.7),
                                 ("log", log, math.log, 1e-300, 1e300),
                                 ("log1p", log1p, math.log1p, -0.999, 1e6),
                                 ("expm1", expm1, math.expm1, -50.0, 709.0)):
        for x in uniform(g, lo, hi, 2000) + uniform(g, -1e-3, 1e-3, 500):
            if name in ("log",) and x <= 0:
                continue
            y, r = f(x), ref(x)
            if r == 0.0 or abs(r) < 2.0 ** -1000:
                continue
            assert abs(y - r) <= 8 * 2.0 ** -52 * abs(r), (name, x, y, r)


if __name__ == "__main__":
    self_check()
    main()
