#!/usr/bin/env python3
"""Lists seedkit's public entities and checks docs/stability.md against them.

A public entity is a class, struct, enum, alias, variable or function
declared at namespace scope in a header under include/seedkit/ outside
detail namespaces and detail/ folders, named as seedkit::<name> or
seedkit::<addon>::<name>. docs/stability.md must list every one in its
"Every public entity" tables (as `name` in the first column, qualified for
add-ons: `cuda::device_sum`) with a level defined there, and nothing else.

Usage: public_entities.py INCLUDE_DIR STABILITY_MD. Prints what is missing,
stale or given an unknown level, and exits 1 on any; Python 3 standard
library only.
"""
import os
import re
import sys

DECL = [
    re.compile(r"^(?:class|struct)\s+([a-z_][a-z0-9_]*)(?=\s*(?:\{|:[^:]|final|$))"),
    re.compile(r"^enum class\s+([a-z_][a-z0-9_]*)"),
    re.compile(r"^using\s+([a-z_][a-z0-9_]*)\s*="),
    re.compile(r"^(?:inline\s+)?constexpr\s+[A-Za-z_:<>0-9, ]+?\s+([a-z_][a-z0-9_]*)\s*=(?!=)"),
    # a function at namespace scope: return type, then name( ; not a call
    re.compile(r"^(?:SEEDKIT_HD\s+)?(?:inline\s+|constexpr\s+|static\s+|\[\[nodiscard\]\]\s+)*"
               r"[A-Za-z_][A-Za-z0-9_:<>,\s\*&]*?[\s\*&]([a-z_][a-z0-9_]*)\s*\("),
]
SKIP_START = ("//", "#", "}", "namespace", "template", "SEEDKIT_BEGIN", "SEEDKIT_END", "return",
              "extern", "static_assert", "friend")


def public_entities(root):
    found = {}
    for dirpath, dirs, files in os.walk(os.path.join(root, "seedkit")):
        if os.path.basename(dirpath) == "detail":
            continue
        for f in sorted(files):
            if not f.endswith(".hpp"):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            spaces = []  # the seedkit sub-namespaces open at this line
            depth_detail = 0
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    if re.match(r"^namespace detail\s*\{", line):
                        depth_detail += 1
                        continue
                    if depth_detail and re.match(r"^\}\s*// namespace detail", line):
                        depth_detail -= 1
                        continue
                    m = re.match(r"^namespace ([a-z_]+)\s*\{", line)
                    if m and not depth_detail:
                        spaces.append(m.group(1))
                        continue
                    if spaces and re.match(r"^\}\s*// namespace " + spaces[-1], line):
                        spaces.pop()
                        continue
                    prefix = "".join(sp + "::" for sp in spaces)
                    if depth_detail or not line[:1].isalpha() or line.startswith(SKIP_START):
                        continue
                    for d in DECL:
                        m = d.match(line)
                        if m:
                            name = prefix + m.group(1)
                            if name.split("::")[-1] not in ("operator",):
                                found.setdefault(name, rel)
                            break
    return found


def documented(md):
    levels, entities, in_levels, in_entities = set(), {}, False, False
    with open(md, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("## "):
                in_levels = line.startswith("## Levels")
                in_entities = line.startswith("## Every public entity")
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
            if len(cells) < 2 or set(cells[0]) <= set("-: "):
                continue
            if in_levels:
                m = re.match(r"^\*\*([a-z-]+)\*\*$", cells[0])
                if m:
                    levels.add(m.group(1))
            elif in_entities:
                for name in re.findall(r"`([a-z_:0-9]+)`", cells[0]):
                    entities[name] = cells[1]
    return levels, entities


def main(argv):
    found = public_entities(argv[1])
    levels, listed = documented(argv[2])
    problems = []
    for name in sorted(found):
        if name not in listed:
            problems.append("%s (%s) is not listed in %s" % (name, found[name], argv[2]))
    for name, level in sorted(listed.items()):
        if name not in found:
            problems.append("%s is listed in %s but declared in no header" % (name, argv[2]))
        if level.strip("`*") not in levels:
            problems.append("%s has level %r, not one of %s" % (name, level, sorted(levels)))
    for p in problems:
        print(p)
    print("stability: %d public entities, %d listed, %d levels; %d problems" %
          (len(found), len(listed), len(levels), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
