#!/usr/bin/env python3
"""Writes SeedSequence cases computed by numpy itself, for numpy_check.cpp.

Line format: <entropy words, comma-separated> <spawn key, comma-separated or
'-'> <n> <'u32' | 'u64'> : <values>. Exits 77 (ctest: skipped) without numpy.
"""
import random
import sys

try:
    import numpy as np
except ImportError:
    print("skipped: numpy is not installed (apt-get install python3-numpy)")
    sys.exit(77)


def main(path):
    rng = random.Random(20261125)
    with open(path, "w") as out:
        for case in range(3000):
            n_entropy = rng.choice([1, 1, 2, 3, 4, 5, 8])
            entropy = [rng.choice([rng.getrandbits(32), rng.getrandbits(64), 0, 1])
                       for _ in range(n_entropy)]
            spawn = [rng.getrandbits(rng.choice([8, 32, 64])) for _ in range(rng.choice([0, 0, 1, 2, 3]))]
            n = rng.choice([1, 2, 3, 4, 5, 8, 17, 624])
            dtype = rng.choice(["u32", "u64"])
            ss = np.random.SeedSequence(entropy if n_entropy > 1 or case % 2 else entropy[0],
                                        spawn_key=tuple(spawn))
            values = ss.generate_state(n, np.uint32 if dtype == "u32" else np.uint64)
            out.write("%s %s %d %s : %s\n" % (
                ",".join(str(e) for e in entropy), ",".join(str(s) for s in spawn) or "-",
                n, dtype, " ".join(str(int(v)) for v in values)))
    print("wrote %s (numpy %s)" % (path, np.__version__))


if __name__ == "__main__":
    main(sys.argv[1])
