#!/usr/bin/env python3
"""Checks the header layout that docs/README.md and STYLE describe.

1. A header directly in include/seedkit/ (or its detail/) includes only the
   standard library and other core headers: the core needs nothing else.
2. An add-on's third-party headers (JSON, fmt, MPI, libtorch, CUDA) are
   included only from that add-on's folder, and an add-on folder includes
   only the core and the add-ons its CMake target links.
3. Only the process-global entry points (global.hpp) and the umbrella reach
   process state: no other core header includes global.hpp, directly or not,
   and no core header but parallel.hpp (and the umbrella) reaches <thread>.
4. Every standard include says what it is for (a trailing // comment).
5. Every internal macro a header #defines (other than its include guard and
   the documented SEEDKIT_* configuration macros of config.hpp) is
   #undef'd before the header ends.

Usage: check_layout.py INCLUDE_DIR. Prints each violation and exits 1, or
prints a summary and exits 0. Python 3 standard library only.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"](.*)$')
DEFINE = re.compile(r'^\s*#\s*define\s+([A-Za-z_][A-Za-z0-9_]*)')
UNDEF = re.compile(r'^\s*#\s*undef\s+([A-Za-z_][A-Za-z0-9_]*)')

# The C++17 standard library headers seedkit may use (and C compatibility
# headers in their <cxxx> form).
STANDARD = set("""
algorithm array atomic bitset filesystem cassert cerrno cfloat chrono climits cmath cstddef cstdint
cstdio cstdlib cstring exception fstream functional initializer_list iomanip ios iosfwd
iostream istream iterator limits map memory mutex new numeric optional ostream random
ratio set sstream stdexcept string string_view system_error thread tuple type_traits
unordered_map unordered_set utility variant vector
""".split())
# Headers of the compiler or the OS that a core header may use, and where.
CORE_PLATFORM = {
    "immintrin.h": {"seedkit/detail/simd_lanes.hpp", "seedkit/detail/reduce_exact.hpp"},
    "arm_neon.h": {"seedkit/detail/simd_lanes.hpp"},
}

# Each add-on folder: the third-party include prefixes it may use and the
# add-on folders it may include (its CMake target links them).
ADDONS = {
    "record": ({"nlohmann/", "fmt/", "sys/utsname.h"}, {"cuda"}),
    "mpi": ({"mpi.h"}, {"record", "cuda"}),
    "torch": ({"nlohmann/", "ATen/", "torch/", "c10/"}, {"record", "cuda"}),
    "cuda": ({"cublas_v2.h", "curand.h", "cuda_runtime.h"}, set()),
    "cudnn": ({"cudnn.h"}, set()),
}
# cuda/environment.hpp needs only the standard library: the record add-on's
# fingerprint uses it without the CUDA toolkit.
STD_ONLY_ADDON_HEADERS = {"seedkit/cuda/environment.hpp"}
# Configuration macros config.hpp documents as public (users may set them).
PUBLIC_MACRO = re.compile(r"^SEEDKIT_[A-Z0-9_]+$")


def headers(root):
    for dirpath, _, files in os.walk(os.path.join(root, "seedkit")):
        for f in sorted(files):
            if f.endswith(".hpp"):
                full = os.path.join(dirpath, f)
                yield os.path.relpath(full, root).replace(os.sep, "/"), full


def folder_of(rel):
    parts = rel.split("/")  # seedkit/<x>.hpp, seedkit/detail/<x>.hpp, seedkit/<addon>/...
    if len(parts) == 2 or parts[1] == "detail":
        return "core"
    return parts[1]


def main(argv):
    root = argv[1]
    problems = []
    includes = {}  # rel -> list of (kind, target, comment, line number)
    texts = {}
    for rel, full in headers(root):
        with open(full, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        texts[rel] = lines
        incs = []
        for n, line in enumerate(lines, 1):
            m = INCLUDE.match(line)
            if m:
                incs.append((m.group(1), m.group(2), m.group(3).strip(), n))
        includes[rel] = incs

    for rel, incs in includes.items():
        where = folder_of(rel)
        for kind, target, comment, n in incs:
            at = "%s:%d: #include %s" % (rel, n, target)
            if target in STANDARD:
                if not comment.startswith("//") or len(comment) < 4:
                    problems.append(at + ": say what the standard header is for (a trailing // comment)")
                continue
            if target.startswith("seedkit/"):
                tf = folder_of(target)
                if tf == "core":
                    continue
                if where == "core":
                    problems.append(at + ": a core header includes an add-on header")
                elif tf != where and tf not in ADDONS[where][1]:
                    problems.append(at + ": the %s add-on does not link the %s add-on" % (where, tf))
                continue
            # a third-party or platform header
            if where == "core" or rel in STD_ONLY_ADDON_HEADERS:
                if rel not in CORE_PLATFORM.get(target, set()):
                    problems.append(at + ": a standard-library-only header includes a non-standard header")
            elif not any(target == p or (p.endswith("/") and target.startswith(p)) for p in ADDONS[where][0]):
                problems.append(at + ": not one of the %s add-on's dependencies" % where)

    def closure(start):
        seen, todo = set(), [start]
        while todo:
            h = todo.pop()
            for kind, target, _, _ in includes.get(h, []):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    reach_global = 0
    for rel in includes:
        if folder_of(rel) != "core" or rel in ("seedkit/global.hpp", "seedkit/seedkit.hpp"):
            continue
        c = closure(rel)
        if "seedkit/global.hpp" in c:
            problems.append("%s reaches seedkit/global.hpp (process state)" % rel)
        if "thread" in c and rel != "seedkit/parallel.hpp":
            problems.append("%s reaches <thread>" % rel)
        reach_global += 1
    stream_closure = closure("seedkit/stream.hpp")
    for forbidden in ("mutex", "map", "random", "atomic", "thread", "seedkit/philox.hpp"):
        if forbidden in stream_closure:
            problems.append("seedkit/stream.hpp reaches %s" % forbidden)

    for rel, lines in texts.items():
        guard = None
        defined, undefined = {}, set()
        for n, line in enumerate(lines, 1):
            m = DEFINE.match(line)
            if m:
                name = m.group(1)
                if guard is None and name.endswith("_HPP"):
                    guard = name
                    continue
                defined.setdefault(name, n)
            m = UNDEF.match(line)
            if m:
                undefined.add(m.group(1))
        for name, n in defined.items():
            if rel == "seedkit/config.hpp" and PUBLIC_MACRO.match(name):
                continue
            if rel == "seedkit/version.hpp" and PUBLIC_MACRO.match(name):
                continue
            if name not in undefined:
                problems.append("%s:%d: macro %s is not #undef'd at the end of the header" % (rel, n, name))

    for p in problems:
        print(p)
    print("layout: %d headers (%d core), stream.hpp reaches %d headers; %d problems" %
          (len(includes), sum(1 for r in includes if folder_of(r) == "core"), len(stream_closure),
           len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
