"""SIGTERM ends the server within its grace period even when clients hold connections open:
idle sockets, a half-sent request, an event stream that never ends, a WebSocket."""
import json
import signal
import socket
import time

from http_raw import request
from test_auth_sweep import websocket_handshake

GRACE_MS = 1000


def test_sigterm_with_open_connections_exits_within_the_grace_period(start_server):
    server = start_server("--storage", "memory", "--shutdown-grace-ms", str(GRACE_MS), "--idle-timeout-ms", "600000")
    status, _, data = request(server.port, "POST", "/v1/processes", body={"command": "sleep", "args": ["300"], "tty": True})
    assert status == 200, data
    process = json.loads(data)["id"]
    held = []
    for _ in range(5):
        held.append(socket.create_connection(("127.0.0.1", server.port)))
    half = socket.create_connection(("127.0.0.1", server.port))
    half.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    held.append(half)
    stream = socket.create_connection(("127.0.0.1", server.port))
    stream.sendall(f"GET /v1/processes/{process}/logs?follow=true HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
    assert stream.recv(4096).startswith(b"HTTP/1.1 200")
    held.append(stream)
    status, frame = websocket_handshake(server.port, f"/v1/processes/{process}/terminal/ws")
    assert status == 101, frame

    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    server.process.wait(timeout=60)
    elapsed = time.monotonic() - started
    # Grace for the connections, then up to 2 s for the process's TERM-then-KILL; held open, the
    # connections would keep the server up for the 600 s idle timeout. The bound leaves room for a
    # loaded CI machine.
    assert elapsed < 30, f"shutdown took {elapsed:.1f} s"
    for sock in held:
        sock.settimeout(5)
        try:
            while sock.recv(65536):
                pass
        except (ConnectionResetError, socket.timeout):
            pass
        sock.close()
