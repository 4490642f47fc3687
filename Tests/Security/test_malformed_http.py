"""Malformed and unfinished requests are answered (400, 408, 414, 431, 501) and the connection is
closed; none stays open, none gets a 5xx."""
import json

import pytest

from conftest import raw_exchange, status_of

IDLE_MS = 1500

CASES = [
    ("bad content-length", b"POST /v1/processes/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n", {400}),
    ("overflowing content-length", b"POST /v1/processes/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", {400}),
    ("content-length with chunked", b"POST /v1/processes/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", {400}),
    ("1 MB header", b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n", {431}),
    ("20k headers", b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(20000)) + b"\r\n", {431}),
    ("100 KB URL", b"GET /v1/health?" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", {414, 431}),
    ("raw 0xFF in the path", b"GET /v1/\xff HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", {400}),
    ("unknown method", b"FROB /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", {400, 501}),
    ("TLS client hello", bytes.fromhex("160301020001000200030300") + b"\x00" * 64, {400, 501}),
    ("bad chunk size", b"POST /v1/processes/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", {400}),
]


@pytest.fixture(scope="module")
def server():
    from conftest import Server
    server = Server(["--storage", "memory", "--idle-timeout-ms", str(IDLE_MS)])
    yield server
    server.stop()


@pytest.mark.parametrize("name,data,expected", CASES, ids=[case[0] for case in CASES])
def test_malformed_request_is_answered_and_closed(server, name, data, expected):
    received, closed = raw_exchange(server.port, data, timeout=10)
    assert status_of(received) in expected, f"{name}: {received[:300]!r}"
    assert closed, f"{name}: the connection stayed open"
    body = received.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in received else b""
    assert json.loads(body)["status"] == status_of(received)


def test_idle_connection_is_closed(server):
    received, closed = raw_exchange(server.port, b"", timeout=IDLE_MS / 1000 + 8)
    assert closed and received == b""


def test_unfinished_head_is_closed(server):
    received, closed = raw_exchange(server.port, b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1", timeout=IDLE_MS / 1000 + 8)
    assert closed, received


def test_unfinished_body_gets_408(server):
    data = b"POST /v1/processes/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"comm"
    received, closed = raw_exchange(server.port, data, timeout=IDLE_MS / 1000 + 8)
    assert status_of(received) == 408, received[:300]
    assert closed


def test_an_answer_slower_than_the_idle_timeout_still_arrives(server):
    """The idle clock runs only while the server waits for the client: a request whose answer
    takes longer than the idle timeout (a long agent turn, a slow command) still gets it."""
    body = json.dumps({"command": "sleep", "args": [str(3 * IDLE_MS / 1000)]}).encode()
    data = (b"POST /v1/processes/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body)) + body
    received, closed = raw_exchange(server.port, data, timeout=3 * IDLE_MS / 1000 + 30)
    assert status_of(received) == 200, received[:300]
    assert closed


def test_keep_alive_connection_serves_requests_then_idles_out(server):
    request = b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    received, closed = raw_exchange(server.port, request + request, timeout=IDLE_MS / 1000 + 8)
    assert received.count(b"HTTP/1.1 200") == 2, received
    assert closed


def test_oversized_acp_body_is_413(server):
    body = b"[" + b"1," * (1 << 20) + b"1]"
    head = b"POST /v1/acp/big?agent=mock HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    received, _ = raw_exchange(server.port, head + body, timeout=10)
    assert status_of(received) == 413, received[:300]
