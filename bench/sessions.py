#!/usr/bin/env python3
"""Session benchmarks: event throughput, agent-to-client latency, many concurrent sessions.

Anchors measured in the same run:
  - the in-memory store, against the default SQLite store (what durability costs), and the SQLite
    store against PostgreSQL (a local cluster with default durability, bench/pg_cluster.py);
  - for following a session from a second server on the same PostgreSQL database, the server
    that writes it;
  - the mock agent read directly over its stdout pipe, without the server (the ceiling: what
    the agent alone produces, and the latency floor of the pipe).
Medians / percentiles and ratios are printed; nothing asserts a speed. With `--rounds N` the
store floods and the follow latencies run N times, the stores' order rotated each round (so load
from other processes falls on each store alike), and the medians over the rounds are printed.
The PostgreSQL events table's size per stored event (heap and primary-key index) is printed too.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time

from pg_cluster import Cluster

INIT = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"protocolVersion": 1, "clientCapabilities": {}}}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, storage):
        """`storage`: "sqlite" (the default store), "memory", or a postgres:// URL."""
        self.port = free_port()
        self.data = tempfile.mkdtemp(prefix="sa-bench-")
        args = [binary, "server", "--port", str(self.port), "--no-token", "--data-dir", self.data, "--log-level", "warning"]
        if storage != "sqlite":
            args += ["--storage", storage]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                if self.request("GET", "/v1/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.01)
        raise RuntimeError("server did not start")

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        conn.request(method, path, json.dumps(body) if body is not None else None, {"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, json.loads(data) if data else None

    def create_session(self):
        status, record = self.request("POST", "/v1/sessions", {"agent": "mock", "cwd": "/tmp"})
        assert status == 200, record
        return record["id"]

    def peak_rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return int(re.search(r"VmHWM:\s+(\d+)", f.read()).group(1)) / 1024

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)
        shutil.rmtree(self.data, ignore_errors=True)


def count_events(server, session):
    offset = 0
    while True:
        _, page = server.request("GET", f"/v1/sessions/{session}/events?offset={offset}&limit=1000")
        if not page["items"]:
            return offset
        offset = page["nextOffset"]


def open_stream(port, session, offset):
    """An SSE connection (http.client undoes the chunked encoding); yields (id, data) pairs."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("GET", f"/v1/sessions/{session}/events/stream?offset={offset}", headers={"Accept": "text/event-stream"})
    response = conn.getresponse()
    buffer = b""
    while True:
        chunk = response.read1(1 << 20)
        if not chunk:
            return
        buffer += chunk
        while True:
            end = buffer.find(b"\n\n")
            if end < 0:
                break
            frame, buffer = buffer[:end], buffer[end + 2:]
            event_id, data = None, None
            for line in frame.split(b"\n"):
                if line.startswith(b"id: "):
                    event_id = int(line[4:])
                elif line.startswith(b"data: "):
                    data = line[6:]
            if data is not None:
                yield event_id, data


def throughput(binary, storage, count):
    server = Server(binary, storage)
    session = server.create_session()
    offset = count_events(server, session)
    received = 0
    done = threading.Event()
    result = {}

    def reader():
        nonlocal received
        last = offset - 1
        while True:  # a stream ended for lagging is resumed after its last event, as EventSource does
            for event_id, data in open_stream(server.port, session, last + 1):
                assert event_id == last + 1, f"gap or duplicate: {last} then {event_id}"
                last = event_id
                received += 1
                if b'"stopReason"' in data:
                    result["end"] = time.perf_counter()
                    done.set()
                    return

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    time.sleep(0.2)
    start = time.perf_counter()
    status, _ = server.request("POST", f"/v1/sessions/{session}/prompt?wait=false", {"prompt": f"/flood {count}"})
    assert status == 202
    done.wait(600)
    elapsed = result["end"] - start
    rss = server.peak_rss_mib()
    stored = count_events(server, session)
    server.stop()
    return received / elapsed, rss, received, stored - offset


def agent_alone_throughput(binary, count):
    """The mock agent over its pipe, read by this process: the ceiling for any server."""
    proc = subprocess.Popen([binary, "mock-agent"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    send = lambda m: (proc.stdin.write((json.dumps(m) + "\n").encode()), proc.stdin.flush())
    send(INIT)
    proc.stdout.readline()
    send({"jsonrpc": "2.0", "id": 1, "method": "session/new", "params": {"cwd": "/tmp", "mcpServers": []}})
    session = json.loads(proc.stdout.readline())["result"]["sessionId"]
    proc.stdout.readline()  # available_commands_update
    start = time.perf_counter()
    send({"jsonrpc": "2.0", "id": 2, "method": "session/prompt", "params": {"sessionId": session, "prompt": [{"type": "text", "text": f"/flood {count}"}]}})
    lines = 0
    for line in proc.stdout:
        lines += 1
        if b'"stopReason"' in line:
            break
    elapsed = time.perf_counter() - start
    proc.stdin.close()
    proc.wait(10)
    return lines / elapsed


def latency_through_server(binary, count, rate, storage="sqlite", follower_storage=None):
    """Agent stdout -> SSE client latency; with `follower_storage`, the client reads from a second
    server on that (shared) store while the first one runs the session."""
    server = Server(binary, storage)
    follower = Server(binary, follower_storage) if follower_storage else None
    reading = follower or server
    session = server.create_session()
    offset = count_events(server, session)
    samples = []
    stamp = re.compile(rb't=(\d+) ')
    done = threading.Event()

    def reader():
        for _, data in open_stream(reading.port, session, offset):
            now = time.time() * 1_000_000
            match = stamp.search(data)
            if match:
                samples.append((now - int(match.group(1))) / 1000)
            if b'"stopReason"' in data:
                done.set()
                return

    threading.Thread(target=reader, daemon=True).start()
    time.sleep(0.2)
    server.request("POST", f"/v1/sessions/{session}/prompt?wait=false", {"prompt": f"/pace {count} {rate}"})
    done.wait(count / rate + 30)
    server.stop()
    if follower:
        follower.stop()
    return samples


def latency_agent_alone(binary, count, rate):
    proc = subprocess.Popen([binary, "mock-agent"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    send = lambda m: (proc.stdin.write((json.dumps(m) + "\n").encode()), proc.stdin.flush())
    send(INIT)
    proc.stdout.readline()
    send({"jsonrpc": "2.0", "id": 1, "method": "session/new", "params": {"cwd": "/tmp", "mcpServers": []}})
    session = json.loads(proc.stdout.readline())["result"]["sessionId"]
    proc.stdout.readline()
    send({"jsonrpc": "2.0", "id": 2, "method": "session/prompt", "params": {"sessionId": session, "prompt": [{"type": "text", "text": f"/pace {count} {rate}"}]}})
    samples = []
    stamp = re.compile(rb't=(\d+) ')
    for line in proc.stdout:
        now = time.time() * 1_000_000
        match = stamp.search(line)
        if match:
            samples.append((now - int(match.group(1))) / 1000)
        if b'"stopReason"' in line:
            break
    proc.stdin.close()
    proc.wait(10)
    return samples


def concurrent_sessions(binary, sessions, per_session):
    server = Server(binary, "sqlite")
    ids = [server.create_session() for _ in range(sessions)]
    before = {session: count_events(server, session) for session in ids}
    errors = []

    def run(session):
        status, body = server.request("POST", f"/v1/sessions/{session}/prompt", {"prompt": f"/flood {per_session}"})
        if status != 200 or body.get("stopReason") != "end_turn":
            errors.append((session, status, body))

    start = time.perf_counter()
    threads = [threading.Thread(target=run, args=(session,)) for session in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    lost = 0
    for session in ids:
        # prompt request + N chunks + response, at least
        got = count_events(server, session) - before[session]
        lost += max(0, per_session + 2 - got)
    server.stop()
    return elapsed, lost, errors


def pct(samples, q):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--flood", type=int, default=100_000)
    parser.add_argument("--latency-events", type=int, default=5000)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--per-session", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1, help="store floods and follow latencies: rounds, medians printed")
    args = parser.parse_args()

    floods = {"sqlite": [], "memory": [], "postgres": []}  # (rate, rss, received, stored) per round
    follow = {"writer": [], "follower": []}  # (p50, p99) per round
    cluster = Cluster()
    try:
        for turn in range(args.rounds):
            stores = ["sqlite", "memory", "postgres"]
            for store in stores[turn % 3:] + stores[:turn % 3]:
                storage = cluster.database(f"flood{turn}") if store == "postgres" else store
                floods[store].append(throughput(args.binary, storage, args.flood))
            shared = cluster.database(f"follow{turn}")
            for role in ["writer", "follower"] if turn % 2 == 0 else ["follower", "writer"]:
                samples = latency_through_server(
                    args.binary, args.latency_events, args.rate, shared, follower_storage=shared if role == "follower" else None)
                follow[role].append((statistics.median(samples), pct(samples, 0.99)))
        table = cluster.query("flood0", "SELECT count(*), pg_relation_size('sandbox_agent_events'), "
                              "pg_indexes_size('sandbox_agent_events'), sum(octet_length(payload)) FROM sandbox_agent_events")
    finally:
        cluster.stop()
    median = lambda store, field: statistics.median(run[field] for run in floods[store])
    sqlite_rate, sqlite_rss = median("sqlite", 0), median("sqlite", 1)
    memory_rate, memory_rss = median("memory", 0), median("memory", 1)
    pg_rate, pg_rss = median("postgres", 0), median("postgres", 1)
    _, _, sqlite_received, sqlite_stored = floods["sqlite"][-1]
    _, _, pg_received, pg_stored = floods["postgres"][-1]
    writer_p50, writer_p99 = (statistics.median(p[i] for p in follow["writer"]) for i in (0, 1))
    follower_p50, follower_p99 = (statistics.median(p[i] for p in follow["follower"]) for i in (0, 1))
    alone = agent_alone_throughput(args.binary, args.flood)
    through = latency_through_server(args.binary, args.latency_events, args.rate)
    direct = latency_agent_alone(args.binary, args.latency_events, args.rate)
    elapsed, lost, errors = concurrent_sessions(args.binary, args.sessions, args.per_session)

    rows = [
        (f"/flood {args.flood} to one SSE client, SQLite (events/s)", sqlite_rate, memory_rate, "memory store", sqlite_rate / memory_rate),
        ("  same, server peak RSS (MiB)", sqlite_rss, memory_rss, "memory store", sqlite_rss / memory_rss),
        ("  same, events/s vs the agent alone on its pipe", sqlite_rate, alone, "mock agent, no server", sqlite_rate / alone),
        (f"agent stdout -> SSE client at {args.rate}/s, p50 (ms)", statistics.median(through), statistics.median(direct), "agent pipe, no server", statistics.median(through) / max(statistics.median(direct), 1e-3)),
        (f"agent stdout -> SSE client at {args.rate}/s, p99 (ms)", pct(through, 0.99), pct(direct, 0.99), "agent pipe, no server", pct(through, 0.99) / max(pct(direct, 0.99), 1e-3)),
        (f"/flood {args.flood} to one SSE client, PostgreSQL (events/s)", pg_rate, sqlite_rate, "SQLite store", pg_rate / sqlite_rate),
        ("  same, server peak RSS (MiB)", pg_rss, sqlite_rss, "SQLite store", pg_rss / sqlite_rss),
        (f"followed from a 2nd server, PostgreSQL, {args.rate}/s, p50 (ms)", follower_p50, writer_p50, "the writing server", follower_p50 / max(writer_p50, 1e-3)),
        (f"followed from a 2nd server, PostgreSQL, {args.rate}/s, p99 (ms)", follower_p99, writer_p99, "the writing server", follower_p99 / max(writer_p99, 1e-3)),
    ]
    print(f"{'measure':<58} {'sandbox-agent':>14} {'anchor':>12}  {'anchor name':<24} {'ratio':>6}")
    for name, ours, anchor, anchor_name, ratio in rows:
        print(f"{name:<58} {ours:>14.2f} {anchor:>12.2f}  {anchor_name:<24} {ratio:>6.2f}")
    print(f"\nSQLite flood: {sqlite_received} events streamed, {sqlite_stored} stored")
    print(f"PostgreSQL flood: {pg_received} events streamed, {pg_stored} stored")
    if args.rounds > 1:
        for store, runs in floods.items():
            print(f"{store} flood events/s per round: " + ", ".join(f"{run[0]:.0f}" for run in runs))
        for role, runs in follow.items():
            print(f"follow latency p50/p99 (ms) per round, {role}: " + ", ".join(f"{p50:.2f}/{p99:.2f}" for p50, p99 in runs))
    rows, heap, index, payload = (int(value) for value in table.split("|"))
    print(f"PostgreSQL events table after the flood: {rows} rows, {heap / rows:.0f} B/row heap + {index / rows:.0f} B/row "
          f"primary-key index, {payload / rows:.0f} B/row of it payload")
    print(f"{args.sessions} concurrent sessions x /flood {args.per_session}: {elapsed:.2f} s, events lost: {lost}, failed prompts: {len(errors)}")
    if errors:
        print("first error:", errors[0])


if __name__ == "__main__":
    main()
