"""The Python examples of docs/examples run against the real server (mock agent, stub model)."""
import os
import random
import subprocess
import sys

from conftest import ROOT, TOKEN

EXAMPLES = ROOT / "docs" / "examples"


def run_example(server, name, **env):
    environment = {**os.environ, "SANDBOX_AGENT_URL": server.url, "SANDBOX_AGENT_TOKEN": TOKEN,
                   "PYTHONPATH": str(ROOT / "sdks" / "python"), **env}
    environment.pop("ANTHROPIC_API_KEY", None)
    done = subprocess.run([sys.executable, str(EXAMPLES / name)], env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_approve_tools(server):
    out = run_example(server, "approve_tools.py")
    assert "[permission] `echo hello` -> approved" in out and "[permission] `rm -rf /` -> rejected" in out
    assert "Approved." in out and "Rejected." in out


def test_computer_use_loop(server, client):
    client.desktop.start(width=1280, height=800, displayNum=random.randint(300, 800))
    try:
        out = run_example(server, "computer_use_loop.py")
        assert out.count("action:") == 3 and "Done." in out
        position = client.desktop.mouse_position()
        assert (position["x"], position["y"]) == (640, 400)
    finally:
        client.desktop.stop()
