#!/usr/bin/env python3
"""Records which conformance cases pass now, so the test suite fails if one of them stops passing.

usage: tests/Conformance/record_passing.py SUITE [SUITE...]    (SUITE: output, filters, chisels-lua, chisels-builtin)
Runs ../shared/tools/sysdig-conformance on ../shared/conformance/SUITE.cases over every shared capture and
writes tests/Conformance/SUITE.passing: one "capture<TAB>case line" per passing case.
"""
import os, shlex, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
SHARPDIG = os.path.join(ROOT, "artifacts", "publish", "Sharpdig", "release_linux-x64", "sharpdig")


def cases(suite):
    for line in open(os.path.join(SHARED, "conformance", suite + ".cases"), encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def label(capture, line):
    tag = ""
    if line.startswith("["):
        tag, line = line[1:line.index("]")], line[line.index("]") + 1:].strip()
    return f"{capture} {('[' + tag + '] ') if tag else ''}{shlex.join(shlex.split(line))}"


for suite in sys.argv[1:]:
    tool = os.path.join(SHARED, "tools", "sysdig-conformance")
    out = subprocess.run([tool, "--sharpdig", SHARPDIG, os.path.join(SHARED, "conformance", suite + ".cases")],
                         capture_output=True, text=True, cwd=ROOT).stdout
    failed = {l[5:] for l in out.splitlines() if l.startswith("FAIL ")}
    captures = sorted(f for f in os.listdir(os.path.join(SHARED, "captures")) if f.endswith(".scap"))
    passing = [f"{c}\t{line}" for c in captures for line in cases(suite) if label(c, line) not in failed]
    with open(os.path.join(ROOT, "tests", "Conformance", suite + ".passing"), "w", encoding="utf-8") as f:
        f.write("".join(p + "\n" for p in passing))
    print(f"{suite}: {out.strip().splitlines()[-1]}; {len(passing)} recorded")
