"""A bounded schemathesis pass over the OpenAPI document against the real binary: no request the
document allows, or any malformed variant of it, may get a 5xx, and every response must match
the document's schema for its status.

The server runs as an unprivileged user (`nobody`) when the suite runs as root, with `--fs-root`
in a temporary directory, agents that are not installed refused (`--require-preinstall`), and a
PATH that holds only harmless commands, so generated process requests cannot do damage.
SCHEMA_FUZZ_EXAMPLES sets the examples per operation (default 20)."""
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import BINARY, ROOT, Server

SAFE_COMMANDS = ("echo", "true", "false", "cat", "printf", "sleep", "env", "pwd", "ls")


def unprivileged():
    if os.geteuid() != 0:
        return None, {}
    user = pwd.getpwnam("nobody")

    def drop():
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)

    return drop, {"HOME": "/nonexistent"}


def test_schemathesis_finds_no_server_errors_and_no_schema_drift(tmp_path):
    if shutil.which("schemathesis") is None:
        pytest.fail("schemathesis is not installed (scripts/install-deps.sh --test installs it)")
    base = Path(tempfile.mkdtemp(prefix="sa-fuzz-"))
    os.chmod(base, 0o777)
    bin_dir = base / "bin"
    bin_dir.mkdir()
    for command in SAFE_COMMANDS:
        os.symlink(shutil.which(command), bin_dir / command)
    fs_root = base / "root"
    data = base / "data"
    for directory in (fs_root, data):
        directory.mkdir()
        os.chmod(directory, 0o777)
    drop, env = unprivileged()
    env["PATH"] = str(bin_dir)
    server = Server(
        ["--storage", "memory", "--fs-root", str(fs_root), "--require-preinstall", "--token", "fuzz"],
        env=env, cwd=str(fs_root), preexec_fn=drop, data_dir=str(data))
    try:
        examples = os.environ.get("SCHEMA_FUZZ_EXAMPLES", "20")
        command = [
            shutil.which("schemathesis"), "run", str(ROOT / "Resources" / "openapi.json"),
            "--url", server.url, "--header", "Authorization: Bearer fuzz",
            "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
            "--max-examples", examples, "--workers", "2", "--request-timeout", "20", "--seed", "2468",
            "--exclude-path-regex", "/terminal/ws$|/desktop/mcp$",
            "--phases", "examples,coverage,fuzzing",
            "--generation-deterministic",
            "--suppress-health-check", "all",
            "--report-junit-path", str(tmp_path / "junit.xml"),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
        sys.stdout.write(result.stdout[-20000:])
        assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    finally:
        server.stop()
