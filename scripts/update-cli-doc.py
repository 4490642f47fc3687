#!/usr/bin/env python3
"""Regenerates the --help blocks of docs/cli.md from a built binary.

Each heading naming a command (## `sandbox-agent server`, ### `api fs ls`, ### `credentials
extract`) is followed by a fenced block; that block is replaced by `sandbox-agent <command> --help`.
Usage: scripts/update-cli-doc.py [BINARY] (default .build/debug/sandbox-agent).
"""
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/debug/sandbox-agent")
path = os.path.join(root, "docs/cli.md")
lines = open(path).read().split("\n")
heading = re.compile(r"^#{2,3} `(?:sandbox-agent ?)?([^`]*)`$")
env = dict(os.environ, COLUMNS="80")
out, command, i = [], None, 0
while i < len(lines):
    line = lines[i]
    match = heading.match(line)
    if match:
        command = match.group(1).split()
        top = command[0] if command else ""
        # `### api health` and `### credentials extract` are relative to their `##` section.
        if line.startswith("### ") and top not in ("api", "credentials", "install", "mcp"):
            command = None
    if line == "```" and command is not None:
        end = lines.index("```", i + 1)
        help_text = subprocess.run([binary] + command + ["--help"], capture_output=True, text=True, env=env, check=True).stdout
        out += ["```"] + help_text.rstrip("\n").split("\n") + ["```"]
        i = end + 1
        command = None
        continue
    out.append(line)
    i += 1
open(path, "w").write("\n".join(out))
