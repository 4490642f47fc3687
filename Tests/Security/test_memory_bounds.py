"""Memory stays bounded under the load that used to grow without limit: 100 SSE readers of one
session that stop reading while the agent pushes 60,000 events. The server ends each lagging
stream (the client resumes with Last-Event-ID) instead of buffering for it: peak RSS stays under
MAX_PEAK_MIB (an earlier version reached 1,122 MiB; this one stays near 120 MiB in a debug build).
bench/memory_bounds.py measures the same load, and the 16384x16384 screenshot, as a benchmark."""
import concurrent.futures
import json
import socket
import time

from http_raw import request

READERS = 100
EVENTS = 60_000
MAX_PEAK_MIB = 400


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


def stalled_reader(port, path):
    """An SSE client that reads the response head, then stops reading (4 KiB receive buffer)."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(30)
    sock.connect(("127.0.0.1", port))
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n".encode())
    head = b""
    while b": connected" not in head:
        chunk = sock.recv(256)
        assert chunk, "the stream closed before it opened"
        head += chunk
    assert head.startswith(b"HTTP/1.1 200"), head[:200]
    return sock


def drained_to_the_end(sock, deadline_s=60):
    """Reads until the server closes the stream (True) or it stays silent past the deadline."""
    sock.settimeout(5)
    end = time.monotonic() + deadline_s
    try:
        while time.monotonic() < end:
            try:
                if not sock.recv(1 << 16):
                    return True
            except socket.timeout:
                return False
        return False
    finally:
        sock.close()


def test_stalled_readers_are_ended_and_memory_stays_bounded(start_server):
    server = start_server("--storage", "memory")
    status, _, data = request(server.port, "POST", "/v1/sessions", body={"agent": "mock"})
    assert status == 200, data
    session = json.loads(data)["id"]
    readers = [stalled_reader(server.port, f"/v1/sessions/{session}/events/stream") for _ in range(READERS)]
    status, _, data = request(server.port, "POST", f"/v1/sessions/{session}/prompt", body={"prompt": f"/flood {EVENTS}"}, timeout=600)
    assert status == 200, data
    peak = peak_rss_mib(server.process.pid)
    with concurrent.futures.ThreadPoolExecutor(max_workers=READERS) as pool:
        ended = sum(pool.map(drained_to_the_end, readers))
    assert peak < MAX_PEAK_MIB, f"peak RSS {peak:.0f} MiB with {READERS} stalled readers of {EVENTS} events"
    assert ended == READERS, f"only {ended} of {READERS} lagging streams were ended by the server"
