#!/usr/bin/env python3
"""Extracts the C++ snippets of README.md into translation units.

Usage: snippets.py README.md OUTDIR

Every ```cpp block of the README must follow a line
    <!-- snippet: NAME [needs=ADDON] [wrap=main] [run=ARGS] -->
(blank lines between are allowed). NAME names OUTDIR/NAME.cpp. needs names
the add-on target the snippet links (record, mpi, torch; default: the core
only). wrap=main puts a fragment into `int main() { ... }` after the
includes of the core and of its add-on. run=ARGS (`run=` for none) makes a
ctest test run the program with those arguments and expect exit 0.
OUTDIR/snippets.cmake gets one seedkit_readme_snippet(NAME NEEDS RUN ARGS)
call per snippet. A cpp block without the comment is an error, so a new
snippet cannot silently go untested.
"""
import re
import sys

UMBRELLA = {
    "": "seedkit/seedkit.hpp",
    "record": "seedkit/record/record.hpp",
    "mpi": "seedkit/mpi/mpi.hpp",
    "torch": "seedkit/torch/torch.hpp",
}


def main() -> int:
    readme, outdir = sys.argv[1], sys.argv[2]
    with open(readme, encoding="utf-8") as f:
        lines = f.read().split("\n")
    calls = []
    tag = None
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^<!-- snippet: (.*) -->$", line)
        if m:
            tag = m.group(1).split()
            i += 1
            continue
        if line.strip() == "```cpp":
            if tag is None:
                print(f"{readme}:{i + 1}: a ```cpp block without a <!-- snippet: NAME ... --> "
                      "line before it", file=sys.stderr)
                return 1
            end = lines.index("```", i + 1)
            body = lines[i + 1:end]
            name, opts = tag[0], dict(o.split("=", 1) for o in tag[1:])
            needs = opts.get("needs", "")
            if needs not in UMBRELLA:
                print(f"{readme}:{i}: needs={needs}: expected one of record, mpi, torch",
                      file=sys.stderr)
                return 1
            if opts.get("wrap") == "main":
                text = [f"// README.md snippet \"{name}\", wrapped in main().",
                        "#include <cstdio>",
                        "#include <cstdint>",
                        "#include <string>",
                        "#include <vector>",
                        "#include <seedkit/seedkit.hpp>"]
                if needs:
                    text.append(f"#include <{UMBRELLA[needs]}>")
                text += ["", "int main() {"] + ["  " + b for b in body] + ["}"]
            else:
                text = [f"// README.md snippet \"{name}\", as written."] + body
            with open(f"{outdir}/{name}.cpp", "w", encoding="utf-8") as out:
                out.write("\n".join(text) + "\n")
            run = opts.get("run")
            calls.append(f'seedkit_readme_snippet({name} "{needs}" {"ON" if run is not None else "OFF"} '
                         f'"{(run or "").replace(",", ";")}")')
            tag = None
            i = end + 1
            continue
        if line.strip():
            tag = tag if line.startswith("<!--") else None
        i += 1
    with open(f"{outdir}/snippets.cmake", "w", encoding="utf-8") as out:
        out.write("\n".join(calls) + "\n")
    print(f"{len(calls)} README snippets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
