#!/usr/bin/env python3
"""Keeps docs/deploy.md's system floor true: the newest GLIBC_ and GLIBCXX_ symbol versions the
release binary needs (`objdump -p`, its version references) must be the ones the document states:
the sentence naming "the newest symbol versions" and every "glibc X.Y or newer".

    scripts/check-glibc-floor.py BUILD_DIR      # e.g. .build-static/release (make dist-check)
"""
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "deploy.md"


def version_key(text):
    return tuple(int(part) for part in text.split("."))


def needed_versions(binary):
    """The newest version the binary needs of each prefix (GLIBC, GLIBCXX, …), as strings."""
    dump = subprocess.run(["objdump", "-p", str(binary)], check=True, capture_output=True, text=True).stdout
    references = dump.split("Version References:", 1)
    if len(references) != 2:
        sys.exit(f"check-glibc-floor: no version references in {binary}")
    newest = {}
    for prefix, version in re.findall(r"^\s+0x[0-9a-f]+ 0x[0-9a-f]+ \d+ ([A-Z]+)_([0-9.]+)$", references[1], re.M):
        if prefix not in newest or version_key(version) > version_key(newest[prefix]):
            newest[prefix] = version
    return newest


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = Path(sys.argv[1]) / "sandbox-agent"
    newest = needed_versions(binary)
    glibc, glibcxx = newest.get("GLIBC"), newest.get("GLIBCXX")
    print(f"{binary} needs GLIBC_{glibc} and GLIBCXX_{glibcxx}")
    text = DOC.read_text()
    floor = re.search(r"newest symbol versions it asks of them are\s+`GLIBC_([0-9.]+)`.*?`GLIBCXX_([0-9.]+)`", text, re.S)
    stated_glibc = set(re.findall(r"glibc (\d+\.\d+) or newer", text)) | ({floor.group(1)} if floor else set())
    problems = []
    if not floor:
        problems.append("docs/deploy.md no longer says 'The newest symbol versions it asks of them are `GLIBC_…` … `GLIBCXX_…`'")
    elif floor.group(2) != glibcxx:
        problems.append(f"docs/deploy.md names GLIBCXX_{floor.group(2)}; the binary needs GLIBCXX_{glibcxx}")
    if stated_glibc != {glibc}:
        problems.append(f"docs/deploy.md states glibc {' / '.join(sorted(stated_glibc)) or '?'}; the binary needs {glibc}")
    for problem in problems:
        print("FAIL:", problem, file=sys.stderr)
    if problems:
        sys.exit(1)
    print("docs/deploy.md states the binary's floor")


if __name__ == "__main__":
    main()
