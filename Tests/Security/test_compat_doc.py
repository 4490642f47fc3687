"""docs/compat.md tells the truth: its tables of upstream's routes, CLI commands, flags and
environment variables are checked against the OpenAPI document, the binary's --help and the
sources, and the routes it says are not provided answer 404 from a running server."""
import json
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import BINARY, ROOT

PRESENT = ("same", "different")
ABSENT = "not applicable"
BEYOND = "beyond upstream"
METHODS = ("get", "put", "post", "delete", "patch")


def sections():
    """{heading: [row cells]} for every table under a `##`/`###` heading of docs/compat.md."""
    tables, heading = {}, None
    for line in (ROOT / "docs" / "compat.md").read_text().splitlines():
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("|") and not re.match(r"^\|[-| ]+\|$", line):
            cells = [cell.strip().strip("`") for cell in line.strip("|").split("|")]
            tables.setdefault(heading, []).append(cells)
    return {name: rows[1:] for name, rows in tables.items()}  # without each header row


def status(cell):
    word = next((word for word in (*PRESENT, ABSENT, BEYOND) if cell.startswith(word)), None)
    assert word, f"status {cell!r} is not one of same, different, not applicable, beyond upstream"
    return word


def openapi_operations():
    document = json.loads((ROOT / "Resources" / "openapi.json").read_text())
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item if method in METHODS}


def help_text(words):
    result = subprocess.run([str(BINARY), *words, "--help"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, f"sandbox-agent {' '.join(words)} --help: {result.stderr}"
    return result.stdout


def subcommands(words):
    text = help_text(words)
    listing = text.split("SUBCOMMANDS:", 1)[1] if "SUBCOMMANDS:" in text else ""
    return {match.group(1) for match in re.finditer(r"^  (\S+)", listing, re.MULTILINE)}


def command_words(cell):
    return [] if cell == "(global)" else cell.split()


def test_routes_match_the_openapi_document():
    tables = sections()
    upstream, beyond = tables["HTTP routes"], tables["Routes beyond upstream"]
    operations = openapi_operations()
    listed = []
    for method, path, state, _ in upstream:
        listed.append((method, path))
        if status(state) in PRESENT:
            assert (method, path) in operations, f"{method} {path} is marked {state!r} but the OpenAPI document lacks it"
        else:
            assert status(state) == ABSENT, f"{method} {path}: an upstream route cannot be {state!r}"
            assert (method, path) not in operations, f"{method} {path} is marked not applicable but the OpenAPI document has it"
    for method, path, state, _ in beyond:
        listed.append((method, path))
        assert status(state) == BEYOND and (method, path) in operations, f"{method} {path} ({state}) is not in the OpenAPI document"
    assert len(listed) == len(set(listed)), "a route is listed twice"
    unlisted = sorted(operations - set(listed))
    assert not unlisted, f"OpenAPI operations missing from docs/compat.md: {unlisted}"


def test_routes_not_provided_answer_404(start_server):
    server = start_server("--no-token", "--storage", "memory")
    for method, path, state, _ in sections()["HTTP routes"]:
        if status(state) != ABSENT:
            continue
        concrete = re.sub(r"\{[^}]+\}", "x1", path)
        request = urllib.request.Request(server.url + concrete, method=method, data=b"{}" if method != "GET" else None,
                                         headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(request, timeout=30)
        assert answer.value.code == 404, f"{method} {concrete} (marked not applicable) answered {answer.value.code}"


def test_commands_match_the_help():
    for command, state, _ in sections()["CLI commands"]:
        *parent, leaf = command.split()
        offered = leaf in subcommands(parent)
        if status(state) in PRESENT:
            assert offered, f"`{command}` is marked {state!r} but `sandbox-agent {' '.join(parent)} --help` does not list {leaf}"
        else:
            assert status(state) == ABSENT and not offered, f"`{command}` is marked {state!r} but the CLI has it"


def test_flags_match_the_help():
    for command, flag, state, _ in sections()["CLI flags"]:
        text = help_text(command_words(command))
        shown = re.search(re.escape(flag) + r"(?![-\w])", text) is not None
        if status(state) in PRESENT:
            assert shown, f"`{command} {flag}` is marked {state!r} but its --help does not show it"
        else:
            long_form = flag.split()[-1]
            assert status(state) == ABSENT and long_form not in text, f"`{command} {flag}` is marked {state!r} but --help shows {long_form}"


def test_environment_variables_match_the_sources():
    sources = "\n".join(path.read_text() for path in (ROOT / "Sources").rglob("*.swift"))
    for variable, state, _ in sections()["Environment variables"]:
        read = f'"{variable}"' in sources
        if status(state) in PRESENT:
            assert read, f"{variable} is marked {state!r} but no source file names it"
        else:
            assert status(state) == ABSENT and not read, f"{variable} is marked {state!r} but {Path('Sources')} reads it"
