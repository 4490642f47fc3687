#!/usr/bin/env python3
"""Keeps docs/deploy.md's system floor true for the static release binary (`objdump -p`):

- the newest GLIBC_ symbol version the binary asks for is the one the document states (the
  sentence "The newest symbol version it asks of them is `GLIBC_…`" and every "glibc X.Y or newer");
- the binary needs no GLIBCXX_/CXXABI_ version: libstdc++ is linked in (scripts/build-release-static.sh);
- the shared libraries it needs (NEEDED) are the ones of the document's `ldd` block.

    scripts/check-glibc-floor.py BUILD_DIR      # e.g. .build-static/release (make dist-check)
"""
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "deploy.md"


def version_key(text):
    return tuple(int(part) for part in text.split("."))


def dynamic_section(binary):
    """The binary's NEEDED sonames and the newest version it needs of each prefix (GLIBC, GLIBCXX, …)."""
    dump = subprocess.run(["objdump", "-p", str(binary)], check=True, capture_output=True, text=True).stdout
    needed = set(re.findall(r"^\s+NEEDED\s+(\S+)$", dump, re.M))
    references = dump.split("Version References:", 1)
    if len(references) != 2:
        sys.exit(f"check-glibc-floor: no version references in {binary}")
    newest = {}
    for prefix, version in re.findall(r"^\s+0x[0-9a-f]+ 0x[0-9a-f]+ \d+ ([A-Z]+)_([0-9.]+)$", references[1], re.M):
        if prefix not in newest or version_key(version) > version_key(newest[prefix]):
            newest[prefix] = version
    return needed, newest


def documented_libraries(text):
    """The sonames of the `ldd` block under "What the static binary links" (the vDSO left out)."""
    section = text.split("## What the static binary links", 1)[-1]
    block = re.search(r"```\n(.*?)```", section, re.S)
    if not block:
        return set()
    names = {line.split()[0] for line in block.group(1).splitlines() if line.strip()}
    return {Path(name).name for name in names} - {"linux-vdso.so.1"}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = Path(sys.argv[1]) / "sandbox-agent"
    needed, newest = dynamic_section(binary)
    glibc = newest.get("GLIBC")
    print(f"{binary} needs GLIBC_{glibc}; libraries: {' '.join(sorted(needed))}")
    text = DOC.read_text()
    floor = re.search(r"newest symbol\s+version it asks of them is\s+`GLIBC_([0-9.]+)`", text)
    stated_glibc = set(re.findall(r"glibc (\d+\.\d+) or newer", text)) | ({floor.group(1)} if floor else set())
    problems = []
    if not floor:
        problems.append("docs/deploy.md no longer says 'The newest symbol version it asks of them is `GLIBC_…`'")
    if stated_glibc != {glibc}:
        problems.append(f"docs/deploy.md states glibc {' / '.join(sorted(stated_glibc)) or '?'}; the binary needs {glibc}")
    for prefix in ("GLIBCXX", "CXXABI"):
        if prefix in newest:
            problems.append(f"the binary needs {prefix}_{newest[prefix]}: libstdc++ is linked dynamically again (scripts/build-release-static.sh)")
    documented = documented_libraries(text)
    if documented != needed:
        problems.append(
            f"docs/deploy.md's ldd block lists {' '.join(sorted(documented))}; the binary needs {' '.join(sorted(needed))}")
    for problem in problems:
        print("FAIL:", problem, file=sys.stderr)
    if problems:
        sys.exit(1)
    print("docs/deploy.md states the binary's floor and libraries")


if __name__ == "__main__":
    main()
