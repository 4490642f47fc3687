"""A bounded schemathesis pass over the OpenAPI document against the real binary: no request the
document allows, or any malformed variant of it, may get a 5xx, and every response must match
the document's schema for its status.

The server runs as an unprivileged user (`nobody`) when the suite runs as root, with `--fs-root`
in a temporary directory, agents that are not installed refused (`--require-preinstall`), agent
registries pointed at a closed local port, and a PATH that holds only harmless commands and the
desktop's Xvfb and openbox, so generated requests cannot do damage; `schemathesis_hooks.py`
rewrites every program a request could start (an absolute path like `/bin/rm` included, which no
PATH stops) to a harmless one just before it is sent, and makes tar bodies.
`schemathesis.toml` lists the few 5xx answers that are by design.
SCHEMA_FUZZ_EXAMPLES sets the examples per operation (default 20)."""
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import BINARY, ROOT, Server

SAFE_COMMANDS = ("echo", "true", "false", "cat", "printf", "sleep", "env", "pwd", "ls", "Xvfb", "openbox", "xauth")
CLOSED_PORT_URL = "http://127.0.0.1:9"
HERE = Path(__file__).resolve().parent


def unprivileged():
    if os.geteuid() != 0:
        return None, {}
    user = pwd.getpwnam("nobody")

    def drop():
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)

    return drop, {}


def test_the_fuzz_starts_no_program_but_a_harmless_one():
    """Every place a request names a program to start, as the fuzz could generate it, reaches the
    server as a harmless command run by bare name."""
    sys.path.insert(0, str(HERE))
    import schemathesis
    import schemathesis_hooks
    assert schemathesis_hooks.before_call in schemathesis.hooks.GLOBAL_HOOK_DISPATCHER.get_all_by_name("before_call")
    bodies = [
        {"command": "/bin/rm", "args": ["-rf", "/tmp/x"]},
        {"command": "rm", "args": ["-rf", "."], "tty": True},
        {"command": "env", "args": ["/bin/rm", "-rf", "/tmp/x"]},
        {"app": "/usr/bin/openbox", "args": ["--startup", "/bin/rm -rf /tmp/x"]},
        {"app": "openbox", "args": ["--startup", "rm -rf /tmp/x"]},
        {"type": "local", "command": ["/bin/sh", "-c", "rm -rf /tmp/x"]},
        {"servers": {"a": {"type": "stdio", "command": "/bin/sh"}}},
        {"agent": "mock", "mcpServers": [{"name": "x", "command": "../../bin/rm", "args": [], "env": []}]},
        {"jsonrpc": "2.0", "method": "session/new", "params": {"cwd": "/", "mcpServers": [{"name": "x", "command": "/bin/sh"}]}},
    ]
    for body in bodies:
        sent = schemathesis_hooks.harmless(json.loads(json.dumps(body)))

        def programs(value):
            if isinstance(value, dict):
                for key, item in value.items():
                    if key in ("command", "app"):
                        yield item if isinstance(item, str) else item[0]
                    else:
                        yield from programs(item)
            elif isinstance(value, list):
                for item in value:
                    yield from programs(item)
        found = list(programs(sent))
        assert found and all(program in schemathesis_hooks.HARMLESS_COMMANDS for program in found), (body, sent)
    kept = {"command": "echo", "args": ["/bin/rm"]}
    assert schemathesis_hooks.harmless(dict(kept)) == kept


def test_schemathesis_finds_no_server_errors_and_no_schema_drift(tmp_path):
    if shutil.which("schemathesis") is None:
        pytest.fail("schemathesis is not installed (scripts/install-deps.sh --test installs it)")
    base = Path(tempfile.mkdtemp(prefix="sa-fuzz-"))
    os.chmod(base, 0o777)
    bin_dir = base / "bin"
    bin_dir.mkdir()
    for command in SAFE_COMMANDS:
        if shutil.which(command):
            os.symlink(shutil.which(command), bin_dir / command)
    fs_root = base / "root"
    data = base / "data"
    home = base / "home"
    for directory in (fs_root, data, home):
        directory.mkdir()
        os.chmod(directory, 0o777)
    # The unprivileged server runs a copy of the binary and its resource bundle: the build folder
    # may sit where `nobody` cannot read (a clone under /root).
    server_dir = base / "server"
    server_dir.mkdir()
    binary = Path(shutil.copy2(BINARY, server_dir / "sandbox-agent"))
    bundle = BINARY.parent / "sandbox-agent_SandboxAgentResources.resources"
    shutil.copytree(bundle, server_dir / bundle.name)
    for path in [server_dir, *server_dir.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() or path == binary else 0o644)
    drop, env = unprivileged()
    env.update({
        "PATH": str(bin_dir), "HOME": str(home),
        "SANDBOX_AGENT_NPM_REGISTRY_URL": CLOSED_PORT_URL, "SANDBOX_AGENT_GITHUB_API_URL": CLOSED_PORT_URL,
        "SANDBOX_AGENT_ACP_REGISTRY_URL": CLOSED_PORT_URL,
    })
    server = Server(
        ["--storage", "memory", "--fs-root", str(fs_root), "--require-preinstall", "--token", "fuzz"],
        env=env, cwd=str(fs_root), preexec_fn=drop, data_dir=str(data), binary=binary)
    try:
        examples = os.environ.get("SCHEMA_FUZZ_EXAMPLES", "20")
        command = [
            shutil.which("schemathesis"), "--config-file", str(HERE / "schemathesis.toml"),
            "run", str(ROOT / "Resources" / "openapi.json"),
            "--url", server.url, "--header", "Authorization: Bearer fuzz",
            "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
            # One worker: with two, hypothesis' lambda descriptions call ast.parse from two threads
            # and CPython 3.11 can fail with "AST constructor recursion depth mismatch".
            "--max-examples", examples, "--workers", "1", "--request-timeout", "20", "--seed", "2468",
            # WebSockets and the MCP endpoint speak their own protocols after the handshake; their
            # own suites (terminal, MCP) test them.
            "--exclude-path-regex", "/terminal/ws$|/desktop/mcp$|/desktop/stream/ws$",
            "--phases", "examples,coverage,fuzzing",
            "--generation-deterministic",
            "--suppress-health-check", "all",
            "--report-junit-path", str(tmp_path / "junit.xml"),
        ]
        hooks_env = dict(os.environ, SCHEMATHESIS_HOOKS="schemathesis_hooks", PYTHONPATH=str(HERE))
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800, env=hooks_env, cwd=str(tmp_path))
        sys.stdout.write(result.stdout[-20000:])
        assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    finally:
        server.stop()
