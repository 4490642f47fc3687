#!/usr/bin/env python3
"""Agent driver overhead: one turn through our server vs the same CLI driven directly (Claude Code, Codex).

Both talk to the same fake Anthropic model server (Tests/Fixtures/fake-model-server), so the model
costs the same; the difference is what our HTTP API, session engine and native driver add.
  - ours: a warm `claude` session; POST /v1/sessions/{id}/prompt?wait=false, then the session's SSE
    stream until the first `agent_message_chunk` and until the prompt's response event;
  - anchor: a warm `claude --input-format stream-json --output-format stream-json --verbose
    --include-partial-messages --permission-prompt-tool stdio` process (the driver's flags and its
    initialize control request), a user message written
    to its stdin, its stdout read until the first text delta and until the `result` line.
Codex likewise: a warm `codex` session vs `codex app-server` driven with the driver's JSON-RPC
requests, both against Tests/Fixtures/fake-openai-server. Turns alternate between the two; medians and p95 per measure, and the median difference.
Asserts nothing.
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAKE = os.path.join(ROOT, "Tests/Fixtures/fake-model-server/fake_model_server.py")
FAKE_OPENAI = os.path.join(ROOT, "Tests/Fixtures/fake-openai-server/fake_openai_server.py")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_fake_model(log, script=FAKE):
    process = subprocess.Popen(["python3", script, "--port", "0", "--log", log], stdout=subprocess.PIPE, text=True)
    return process, json.loads(process.stdout.readline())["port"]


def summarize(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


class SSE:
    """The events stream of one session, read line by line (http.client undoes the chunking)."""

    def __init__(self, port, path):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.request("GET", path, headers={"Accept": "text/event-stream"})
        self.response = self.connection.getresponse()

    def events(self):
        data = []
        while True:
            line = self.response.readline()
            if not line:
                return
            line = line.rstrip(b"\r\n")
            if line.startswith(b"data:"):
                data.append(line[5:].strip())
            elif not line and data:
                yield json.loads(b"".join(data))
                data = []


class Ours:
    """A server with a warm `claude` session, and its events stream."""

    def __init__(self, binary, env, agent="claude"):
        self.data = tempfile.mkdtemp(prefix="sa-bench-agents-")
        port = free_port()
        self.server = subprocess.Popen(
            [binary, "server", "--no-token", "--port", str(port), "--data-dir", self.data, "--storage", "memory"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while True:
            try:
                self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                self.connection.request("GET", "/v1/health")
                self.connection.getresponse().read()
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.02)
        self.session = self.post("/v1/sessions", {"agent": agent, "cwd": self.data})["id"]
        self.events = SSE(port, f"/v1/sessions/{self.session}/events/stream").events()

    def post(self, path, body):
        self.connection.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        return json.loads(self.connection.getresponse().read() or b"{}")

    def turn(self, text):
        """(ms to the first agent_message_chunk, ms to the prompt's response)."""
        start = time.perf_counter()
        self.post(f"/v1/sessions/{self.session}/prompt?wait=false", {"prompt": text})
        chunk_at, prompt_id = None, None
        for event in self.events:
            payload = event.get("payload", {})
            if payload.get("method") == "session/prompt":
                prompt_id = payload.get("id")
            update = (payload.get("params") or {}).get("update") or {}
            if chunk_at is None and update.get("sessionUpdate") == "agent_message_chunk":
                chunk_at = time.perf_counter()
            if prompt_id is not None and payload.get("id") == prompt_id and "result" in payload:
                break
        end = time.perf_counter()
        return (chunk_at - start) * 1000, (end - start) * 1000

    def close(self):
        self.server.send_signal(signal.SIGTERM)
        self.server.wait(timeout=20)
        shutil.rmtree(self.data, ignore_errors=True)


class Direct:
    """A warm `claude` process with the driver's flags and control handshake."""

    def __init__(self, claude, env):
        self.work = tempfile.mkdtemp(prefix="sa-bench-claude-")
        self.process = subprocess.Popen(
            [claude, "--output-format", "stream-json", "--input-format", "stream-json", "--verbose", "--include-partial-messages",
             "--permission-prompt-tool", "stdio", "--permission-mode", "default", "--session-id", str(uuid.uuid4())],
            cwd=self.work, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.process.stdin.write(json.dumps({"type": "control_request", "request_id": "init", "request": {"subtype": "initialize", "hooks": None}}) + "\n")

    def turn(self, text):
        start = time.perf_counter()
        self.process.stdin.write(json.dumps({"type": "user", "message": {"role": "user", "content": [{"type": "text", "text": text}]}}) + "\n")
        self.process.stdin.flush()
        chunk_at = None
        # Substring tests instead of parsing each line: the cheapest a direct client can be.
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit("claude exited")
            if chunk_at is None and line.startswith('{"type":"stream_event"') and '"text_delta"' in line:
                chunk_at = time.perf_counter()
            if line.startswith('{"type":"result"') or ('"type":"result"' in line and '"stop_reason"' in line):
                break
        end = time.perf_counter()
        return (chunk_at - start) * 1000, (end - start) * 1000

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.work, ignore_errors=True)


class DirectCodex:
    """A warm `codex app-server` driven with the driver's JSON-RPC requests (one thread, a turn each)."""

    def __init__(self, codex, env):
        self.work = tempfile.mkdtemp(prefix="sa-bench-codex-")
        self.process = subprocess.Popen([codex, "app-server"], cwd=self.work, env=env, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.next_id = 1
        self.call("initialize", {"clientInfo": {"name": "bench", "title": "bench", "version": "0"}})
        self.write({"method": "initialized"})
        self.thread = self.call("thread/start", {"cwd": self.work, "approvalPolicy": "on-request", "sandbox": "workspace-write"})["thread"]["id"]

    def write(self, message):
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()

    def call(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self.write({"id": request_id, "method": method, "params": params})
        while True:
            message = json.loads(self.process.stdout.readline())
            if message.get("id") == request_id and "method" not in message:
                return message.get("result") or {}

    def turn(self, text):
        start = time.perf_counter()
        self.call("turn/start", {"threadId": self.thread, "input": [{"type": "text", "text": text}],
                                 "approvalPolicy": "on-request", "sandboxPolicy": {"type": "workspaceWrite"}})
        chunk_at = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit("codex exited")
            if chunk_at is None and '"item/agentMessage/delta"' in line:
                chunk_at = time.perf_counter()
            if '"turn/completed"' in line:
                break
        end = time.perf_counter()
        return ((chunk_at or end) - start) * 1000, (end - start) * 1000

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.work, ignore_errors=True)


def compare(name, ours_runner, direct_runner, turns):
    samples = {"ours": ([], []), "direct": ([], [])}
    try:
        # Alternate turn by turn, so load on the machine hits both sides alike; 5 warm-up turns each.
        for turn in range(turns + 5):
            for side, runner in (("ours", ours_runner), ("direct", direct_runner)):
                first, done = runner.turn(f"turn {turn}")
                if turn >= 5:
                    samples[side][0].append(first)
                    samples[side][1].append(done)
    finally:
        ours_runner.close()
        direct_runner.close()
    (ours_first, ours_done), (direct_first, direct_done) = samples["ours"], samples["direct"]
    rows = []
    for measure, a, b in (("prompt → first agent_message_chunk", ours_first, direct_first), ("prompt → stopReason", ours_done, direct_done)):
        (am, ap), (bm, bp) = summarize(a), summarize(b)
        rows.append(f"| {name} | {measure} | {am:.2f} [{ap:.2f}] | {bm:.2f} [{bp:.2f}] | {am - bm:+.2f} |")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    cache = os.path.expanduser("~/.cache/sandbox-agent/test-agents")
    parser.add_argument("--claude", default=cache + "/claude-agent-sdk-0.2.189/claude")
    parser.add_argument("--codex", default=cache + "/openai-codex-cli-bin-0.163.0/bin/codex")
    parser.add_argument("--turns", type=int, default=30)
    args = parser.parse_args()
    rows = []
    home = tempfile.mkdtemp(prefix="sa-bench-home-")
    try:
        if os.access(args.claude, os.X_OK):
            model, port = start_fake_model(os.path.join(home, "anthropic.jsonl"))
            env = dict(os.environ, HOME=home, ANTHROPIC_BASE_URL=f"http://127.0.0.1:{port}", ANTHROPIC_API_KEY="sk-ant-bench",
                       CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1", DISABLE_AUTOUPDATER="1", SANDBOX_AGENT_CLAUDE_BIN=args.claude,
                       IS_SANDBOX="1")
            try:
                rows += compare("Claude Code", Ours(args.binary, env, "claude"), Direct(args.claude, env), args.turns)
            finally:
                model.terminate()
        if os.access(args.codex, os.X_OK):
            model, port = start_fake_model(os.path.join(home, "openai.jsonl"), FAKE_OPENAI)
            codex_home = os.path.join(home, "codex-home")
            os.makedirs(codex_home, exist_ok=True)
            with open(os.path.join(codex_home, "config.toml"), "w") as config:
                config.write(f'''model = "fake-model"\nmodel_provider = "fake"\n\n[model_providers.fake]\nname = "fake"\n'''
                             f'''base_url = "http://127.0.0.1:{port}/v1"\nwire_api = "responses"\nenv_key = "OPENAI_API_KEY"\n''')
            env = dict(os.environ, HOME=home, CODEX_HOME=codex_home, OPENAI_API_KEY="sk-bench", SANDBOX_AGENT_CODEX_BIN=args.codex)
            try:
                rows += compare("Codex", Ours(args.binary, env, "codex"), DirectCodex(args.codex, env), args.turns)
            finally:
                model.terminate()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"\nOne warm turn, {args.turns} turns each side (median [p95] ms)")
    print("| agent | measure | ours (HTTP + driver) | CLI driven directly | overhead (median) |")
    print("|---|---|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
