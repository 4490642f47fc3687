"""Starts the real sandbox-agent binary for the security, chaos and schema suites.

The binary is $SANDBOX_AGENT_BIN, else the debug build in .build/debug (make test builds it).
Every server gets its own data directory and an ephemeral port; `Server.stop()` (or the end of
the test) sends SIGTERM and waits with a deadline, then SIGKILL.
"""
import os
import re
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("SANDBOX_AGENT_BIN", ROOT / ".build" / "debug" / "sandbox-agent"))


class Server:
    def __init__(self, args, env=None, cwd=None, preexec_fn=None, data_dir=None, binary=None):
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="sa-security-")
        environment = {k: v for k, v in os.environ.items() if k != "SANDBOX_AGENT_TOKEN"}
        environment.update(env or {})
        self.process = subprocess.Popen(
            [str(binary or BINARY), "server", "--port", "0", "--data-dir", self.data_dir, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, cwd=cwd,
            preexec_fn=preexec_fn, text=True)
        deadline = time.monotonic() + 60
        line = ""
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                self.url = match.group(1)
                self.port = int(self.url.rsplit(":", 1)[1])
                return
        self.process.kill()
        raise RuntimeError(f"server did not start: {line!r} {self.process.stderr.read()}")

    def stop(self, timeout=30):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


class AgentDistribution:
    """Tests/Fixtures/agent-distribution-server (a local stand-in for npm, GitHub releases and the
    ACP registry), and `env`: the variables that point a server's installer at it."""

    def __init__(self, acp_agent="/bin/true"):
        self.process = subprocess.Popen(
            ["python3", str(ROOT / "Tests" / "Fixtures" / "agent-distribution-server"), "--acp-agent", acp_agent, "--port", "0"],
            stdout=subprocess.PIPE, text=True)
        match = re.search(r"listening on (http://\S+)", self.process.stdout.readline())
        if not match:
            self.process.kill()
            raise RuntimeError("agent-distribution-server did not start")
        base = match.group(1)
        self.env = {"SANDBOX_AGENT_NPM_REGISTRY_URL": base + "/npm", "SANDBOX_AGENT_GITHUB_API_URL": base + "/github",
                    "SANDBOX_AGENT_ACP_REGISTRY_URL": base + "/registry.json"}

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


@pytest.fixture
def start_server():
    servers = []

    def start(*args, **kwargs):
        server = Server(list(args), **kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def raw_exchange(port, data, timeout=10.0, host="127.0.0.1"):
    """Sends `data` on a new connection and reads until the server closes it (or `timeout`).

    Returns (bytes read, closed_by_server)."""
    sock = socket.create_connection((host, port), timeout=timeout)
    try:
        if data:
            sock.sendall(data)
        received = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sock.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                return received, False
            except ConnectionResetError:
                return received, True
            if not chunk:
                return received, True
            received += chunk
        return received, False
    finally:
        sock.close()


def status_of(response):
    """The status code of a raw HTTP/1.1 response, or None."""
    match = re.match(rb"HTTP/1\.[01] (\d{3})", response)
    return int(match.group(1)) if match else None
