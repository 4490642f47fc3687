"""Fixtures of the Python SDK tests: the real sandbox-agent binary ($SANDBOX_AGENT_BIN, else the
debug build of this checkout), started by the security suite's `Server` (Tests/Security/conftest.py)
with a token, and a client of it."""
import importlib.util
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "sdks" / "python"))
_spec = importlib.util.spec_from_file_location("security_conftest", ROOT / "Tests" / "Security" / "conftest.py")
_security = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_security)
TOKEN = "sdk-test-token"


def start_server(*args, restart_of=None):
    """A server with the SDK tests' token; `restart_of` reuses a stopped server's port and data."""
    if restart_of is None:
        return _security.Server(["--token", TOKEN, *args])
    return _security.Server(["--token", TOKEN, "--port", str(restart_of.port), *args], data_dir=restart_of.data_dir)


@pytest.fixture(scope="module")
def server():
    started = start_server("--storage", "memory")
    yield started
    started.stop()


@pytest.fixture
def client(server):
    """A blocking client whose every JSON answer is checked against the OpenAPI document."""
    import httpx
    from sandbox_agent import SandboxAgent
    from schema_check import check_response
    with SandboxAgent(server.url, token=TOKEN, client=httpx.Client(timeout=120, event_hooks={"response": [check_response]})) as sdk:
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
