"""Starts the real sandbox-agent binary for the Python SDK tests: $SANDBOX_AGENT_BIN, else the
debug build of this checkout. Each server has its own data directory, a token and a port."""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "sdks" / "python"))
BINARY = Path(os.environ.get("SANDBOX_AGENT_BIN", ROOT / ".build" / "debug" / "sandbox-agent"))
TOKEN = "sdk-test-token"


class Server:
    def __init__(self, *args: str) -> None:
        self.args = list(args)
        self.data_dir = tempfile.mkdtemp(prefix="sa-sdk-py-")
        self.port = 0
        self.process = None
        self.url = ""

    def start(self) -> "Server":
        env = {k: v for k, v in os.environ.items() if k != "SANDBOX_AGENT_TOKEN"}
        self.process = subprocess.Popen(
            [str(BINARY), "server", "--port", str(self.port), "--data-dir", self.data_dir, "--token", TOKEN, *self.args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                self.url = match.group(1)
                self.port = int(self.url.rsplit(":", 1)[1])
                return self
        self.process.kill()
        raise RuntimeError(f"server did not start: {self.process.stderr.read()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def server():
    started = Server("--storage", "memory").start()
    yield started
    started.stop()


@pytest.fixture
def client(server):
    from sandbox_agent import SandboxAgent
    with SandboxAgent(server.url, token=TOKEN) as sdk:
        yield sdk


def eventually(check, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def agent_text(client, session_id):
    items = client.sessions.events(session_id, limit=1000)["items"]
    return "".join(e["payload"]["params"]["update"]["content"]["text"] for e in items
                   if e["payload"].get("method") == "session/update"
                   and e["payload"]["params"]["update"].get("sessionUpdate") == "agent_message_chunk")
