#!/usr/bin/env python3
"""Independent reference for seedkit's pairwise and compensated reductions.

Re-implements the trees of docs/reductions.md with every IEEE 754 operation
(addition, subtraction, multiplication, fused multiply-add) computed exactly
with fractions.Fraction and rounded to nearest, ties to even, by the code
below -- not by the machine's floating-point unit -- and writes the results
as hex bit patterns. Python 3 standard library only.

  pairwise_sum.py    print the golden file to stdout (ctest compares it with
                     pairwise_sum_golden.txt: reference.pairwise_sum_is_current)

Golden line formats (the C++ test regenerates the inputs):
  <func> <type> gen <kind> <seed> <n> <result>
  <func> <type> hex <x0,x1,...|-> <result>
func: pairwise_sum, compensated_sum, pairwise_dot, compensated_dot;
type: f64 or f32; result: the bits in hex. Dots take x from seed and y from
seed + 1 (or, for hex lines, x and y interleaved).
"""
import sys
from fractions import Fraction

MASK64 = (1 << 64) - 1


class Fmt:
    def __init__(self, name, width, precision, min_ulp_exp):
        self.name = name
        self.width = width
        self.p = precision
        self.emin = min_ulp_exp
        self.frac_bits = precision - 1
        self.exp_bits = width - precision
        self.sign = 1 << (width - 1)
        self.inf = ((1 << self.exp_bits) - 1) << self.frac_bits
        self.qnan = self.inf | (1 << (self.frac_bits - 1))
        self.neg_zero = self.sign
        self.hexdigits = width // 4


F64 = Fmt("f64", 64, 53, -1074)
F32 = Fmt("f32", 32, 24, -149)


def is_nan(f, b):
    return (b & ~f.sign) > f.inf


def is_inf(f, b):
    return (b & ~f.sign) == f.inf


def is_zero(f, b):
    return (b & ~f.sign) == 0


def neg(f, b):
    return b ^ f.sign


def to_fraction(f, b):
    """The exact value of a finite bit pattern."""
    field = (b & ~f.sign) >> f.frac_bits
    frac = b & ((1 << f.frac_bits) - 1)
    if field == 0:
        m, e = frac, f.emin
    else:
        m, e = frac | (1 << f.frac_bits), f.emin + field - 1
    v = Fraction(m) * (Fraction(2) ** e)
    return -v if b & f.sign else v


def round_fraction(f, q):
    """Round a nonzero Fraction to nearest, ties to even, in format f."""
    negative = q < 0
    a = -q if negative else q
    num, den = a.numerator, a.denominator
    # e with 2^e <= a < 2^(e+1)
    e = num.bit_length() - den.bit_length()
    if Fraction(2) ** e > a:
        e -= 1
    elif Fraction(2) ** (e + 1) <= a:
        e += 1
    ulp = max(e - (f.p - 1), f.emin)
    scaled = a / (Fraction(2) ** ulp)
    qi, r = divmod(scaled.numerator, scaled.denominator)
    twice = 2 * r
    if twice > scaled.denominator or (twice == scaled.denominator and qi % 2 == 1):
        qi += 1
    bits = ((ulp - f.emin) << (f.p - 1)) + qi
    if bits >= f.inf:
        bits = f.inf
    return bits | (f.sign if negative else 0)


def add(f, a, b):
    if is_nan(f, a) or is_nan(f, b):
        return f.qnan
    if is_inf(f, a) and is_inf(f, b):
        return a if a == b else f.qnan
    if is_inf(f, a):
        return a
    if is_inf(f, b):
        return b
    s = to_fraction(f, a) + to_fraction(f, b)
    if s == 0:
        # IEEE 754 6.3: an exact zero sum is +0 in round-to-nearest unless
        # both operands are -0.
        return f.neg_zero if (a == f.neg_zero and b == f.neg_zero) else 0
    return round_fraction(f, s)


def sub(f, a, b):
    return add(f, a, neg(f, b))


def mul(f, a, b):
    if is_nan(f, a) or is_nan(f, b):
        return f.qnan
    sign = (a ^ b) & f.sign
    if is_inf(f, a) or is_inf(f, b):
        if is_zero(f, a) or is_zero(f, b):
            return f.qnan
        return f.inf | sign
    p = to_fraction(f, a) * to_fraction(f, b)
    if p == 0:
        return sign
    return round_fraction(f, p)


def fma(f, a, b, c):
    """a * b + c with one rounding."""
    if is_nan(f, a) or is_nan(f, b) or is_nan(f, c):
        return f.qnan
    psign = (a ^ b) & f.sign
    if is_inf(f, a) or is_inf(f, b):
        if is_zero(f, a) or is_zero(f, b):
            return f.qnan
        if is_inf(f, c) and (c & f.sign) != psign:
            return f.qnan
        return f.inf | psign
    if is_inf(f, c):
        return c
    p = to_fraction(f, a) * to_fraction(f, b)
    s = p + to_fraction(f, c)
    if s == 0:
        if p == 0 and is_zero(f, c):
            return c if (c & f.sign) == psign else 0
        return 0
    return round_fraction(f, s)


# --- the documented trees -----------------------------------------------------

LANES = 16
LEAF = 256
BLOCK = 65536
CLANES = 8


def counter_tree(parts, combine):
    """T(lo, hi) = T(lo, lo + P) + T(lo + P, hi), P the largest power of two
    below hi - lo; a single part is itself."""
    def t(lo, hi):
        if hi - lo == 1:
            return parts[lo]
        p = 1
        while p * 2 < hi - lo:
            p *= 2
        return combine(t(lo, lo + p), t(lo + p, hi))
    return t(0, len(parts))


def pairwise_leaf(f, xs):
    lanes = [f.neg_zero] * LANES
    for i, x in enumerate(xs):
        lanes[i % LANES] = add(f, lanes[i % LANES], x)
    level = lanes
    while len(level) > 1:
        level = [add(f, level[2 * k], level[2 * k + 1]) for k in range(len(level) // 2)]
    return level[0]


def pairwise_sum(f, xs):
    if not xs:
        return 0
    leaves = [pairwise_leaf(f, xs[i:i + LEAF]) for i in range(0, len(xs), LEAF)]
    return counter_tree(leaves, lambda a, b: add(f, a, b))


def two_sum(f, a, b):
    h = add(f, a, b)
    z = sub(f, h, a)
    l = add(f, sub(f, a, sub(f, h, z)), sub(f, b, z))
    return h, l


def comp_combine(f, x, y):
    h, l = two_sum(f, x[0], y[0])
    return (h, add(f, add(f, x[1], y[1]), l))


def compensated(f, ps, es):
    """Neumaier lanes per block; es (product errors) may be None."""
    if not ps:
        return 0
    blocks = []
    for b in range(0, len(ps), BLOCK):
        s = [f.neg_zero] * CLANES
        c = [f.neg_zero] * CLANES
        for i in range(b, min(b + BLOCK, len(ps))):
            j = (i - b) % CLANES
            t, err = two_sum(f, s[j], ps[i])
            s[j] = t
            c[j] = add(f, c[j], err if es is None else add(f, err, es[i]))
        l = [(s[j], c[j]) for j in range(CLANES)]
        cc = lambda x, y: comp_combine(f, x, y)
        blocks.append(cc(cc(cc(l[0], l[1]), cc(l[2], l[3])), cc(cc(l[4], l[5]), cc(l[6], l[7]))))
    s, c = counter_tree(blocks, lambda x, y: comp_combine(f, x, y))
    if is_nan(f, s) or is_inf(f, s):
        return s
    if is_zero(f, c):
        return s
    return add(f, s, c)


def products(f, xs, ys):
    return [mul(f, x, y) for x, y in zip(xs, ys)]


def run(func, f, xs, ys):
    if func == "pairwise_sum":
        return pairwise_sum(f, xs)
    if func == "compensated_sum":
        return compensated(f, xs, None)
    ps = products(f, xs, ys)
    if func == "pairwise_dot":
        return pairwise_sum(f, ps)
    if func == "compensated_dot":
        es = [fma(f, x, y, neg(f, p)) for x, y, p in zip(xs, ys, ps)]
        return compensated(f, ps, es)
    raise ValueError(func)


# --- inputs: SplitMix64 words mapped to bit patterns ----------------------------

def splitmix64(seed):
    state = seed & MASK64
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        yield z ^ (z >> 31)


def generate(f, kind, seed, n):
    """Must match gen_terms() in tests/test_reduce.cpp."""
    g = splitmix64(seed)
    out = []
    fb = f.frac_bits
    bias = (1 << (f.exp_bits - 1)) - 1
    maxfield = (1 << f.exp_bits) - 2
    for i in range(n):
        w = next(g)
        sign = (w >> 63) << (f.width - 1)
        frac = w & ((1 << fb) - 1)
        r = (w >> 32) & 0x7FFFFFF  # 27 bits to pick exponents
        if kind == "unit":      # exponents -8..-1 (values in (-1, 1))
            field = bias - 1 - (r % 8)
        elif kind == "mixed":   # exponents -40..40
            field = bias - 40 + (r % 81)
        elif kind == "wide":    # every exponent field, subnormals included
            field = r % (maxfield + 1)
        elif kind == "cancel":  # pairs x, -x with the last bits changed
            if i % 2 == 1:
                prev = out[-1]
                out.append(prev ^ f.sign ^ (w & 0xF))
                continue
            field = bias - 20 + (r % 41)
        else:
            raise ValueError(kind)
        out.append(sign | (field << fb) | frac)
    return out


def cases():
    """(func, fmt, source, xs, ys) for every golden line."""
    sizes = [0, 1, 2, 3, 15, 16, 17, 31, 255, 256, 257, 1000, 4103, 65536, 65836, 200001]
    out = []
    for kind in ("unit", "mixed", "cancel"):
        for n in sizes:
            if n == 200001 and kind != "unit":
                continue
            out.append(("pairwise_sum", F64, kind, 11 + n, n))
    for kind in ("wide",):
        for n in (2, 17, 300, 5000):
            out.append(("pairwise_sum", F64, kind, 7 + n, n))
    for kind in ("unit", "mixed", "wide"):
        for n in (0, 1, 17, 257, 4103, 70000):
            out.append(("pairwise_sum", F32, kind, 5 + n, n))
    for kind in ("unit", "cancel", "wide"):
        for n in (0, 1, 9, 100, 2051) + ((65546,) if kind == "cancel" else ()):
            out.append(("compensated_sum", F64, kind, 3 + n, n))
    for n in (7, 300, 4100):
        out.append(("compensated_sum", F32, "mixed", 13 + n, n))
    for kind in ("unit", "mixed"):
        for n in (0, 1, 19, 513, 4099):
            out.append(("pairwise_dot", F64, kind, 17 + n, n))
            out.append(("compensated_dot", F64, kind, 19 + n, n))
        for n in (33, 1111):
            out.append(("pairwise_dot", F32, kind, 23 + n, n))
            out.append(("compensated_dot", F32, kind, 29 + n, n))
    return out


def hex_cases():
    """Hand-written inputs: special values and signs of zero (f64)."""
    inf, ninf, nan = F64.inf, F64.inf | F64.sign, F64.qnan
    one, mone = 0x3FF0000000000000, 0xBFF0000000000000
    dmax = 0x7FEFFFFFFFFFFFFF
    nz = F64.neg_zero
    lists = [
        [], [nz], [nz, nz], [nz, 0], [0, nz], [one, mone], [inf, one], [ninf, one],
        [inf, ninf], [one, nan], [dmax, dmax], [dmax, dmax, neg(F64, dmax)],
        [1, 1, 1], [nz] * 40, [one] * 40, [dmax, 0x7C90000000000000],
    ]
    out = []
    for xs in lists:
        for func in ("pairwise_sum", "compensated_sum"):
            out.append((func, xs))
    return out


def main(argv):
    lines = []
    for func, f, kind, seed, n in cases():
        xs = generate(f, kind, seed, n)
        ys = generate(f, kind, seed + 1, n) if func.endswith("dot") else None
        r = run(func, f, xs, ys)
        lines.append("%s %s gen %s %d %d %0*x" % (func, f.name, kind, seed, n, f.hexdigits, r))
    for func, xs in hex_cases():
        r = run(func, F64, xs, None)
        src = ",".join("%016x" % x for x in xs) if xs else "-"
        lines.append("%s f64 hex %s %016x" % (func, src, r))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
