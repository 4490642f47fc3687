#!/usr/bin/env python3
"""Peak server memory (VmHWM) under two loads that used to be unbounded; a measurement, not a test.

  screenshot: GET /v1/desktop/screenshot?width=16384&height=16384 on a 1440x900 desktop
              (now 400: at most 4x the screen's pixels).
  sse:        100 SSE readers of one session that never read (a 4 KiB receive buffer each) while
              the mock agent pushes /flood N events (default 20,000); then each reader drains its
              socket and we count who was ended by the server (more than 16,384 events behind).

Usage: bench/memory_bounds.py [--binary .build/release/sandbox-agent] [--events 20000] [--readers 100]
Prints the server's VmHWM (MiB) before and after each load.
"""
import argparse
import concurrent.futures
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sessions import Server  # noqa: E402


def stalled_reader(port, path):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n".encode())
    return s


def drain(s, timeout):
    """Reads until the server closes (True) or `timeout` seconds of silence (False); returns (ended, bytes)."""
    s.settimeout(timeout)
    total = 0
    try:
        while True:
            chunk = s.recv(1 << 16)
            if not chunk:
                return True, total
            total += len(chunk)
    except socket.timeout:
        return False, total
    finally:
        s.close()


def screenshot_load(binary):
    server = Server(binary, "memory")
    try:
        display = 200 + os.getpid() % 50
        status, body = server.request("POST", "/v1/desktop/start", {"width": 1440, "height": 900, "displayNum": display, "stateDir": server.data + "/desk"})
        assert status == 200, body
        before = server.peak_rss_mib()
        start = time.perf_counter()
        status, _ = raw_status(server, "/v1/desktop/screenshot?width=16384&height=16384")
        elapsed = time.perf_counter() - start
        after = server.peak_rss_mib()
        server.request("POST", "/v1/desktop/stop")
        return before, after, status, elapsed
    finally:
        server.stop()


def raw_status(server, path):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, len(body)


def sse_load(binary, events, readers):
    server = Server(binary, "memory")
    try:
        session = server.create_session()
        before = server.peak_rss_mib()
        sockets = [stalled_reader(server.port, f"/v1/sessions/{session}/events/stream") for _ in range(readers)]
        time.sleep(0.5)
        start = time.perf_counter()
        status, _ = server.request("POST", f"/v1/sessions/{session}/prompt", {"prompt": f"/flood {events}"})
        assert status == 200
        elapsed = time.perf_counter() - start
        time.sleep(1)
        after = server.peak_rss_mib()
        print(f"  (prompt took {elapsed:.2f} s; VmHWM {after:.0f} MiB; draining the readers)", flush=True)
        with concurrent.futures.ThreadPoolExecutor(max_workers=len(sockets)) as pool:
            ended = sum(1 for done, _ in pool.map(lambda s: drain(s, 5), sockets) if done)
        return before, after, elapsed, ended
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/sandbox-agent")
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--readers", type=int, default=100)
    parser.add_argument("--skip-desktop", action="store_true")
    args = parser.parse_args()
    if not args.skip_desktop:
        before, after, status, elapsed = screenshot_load(args.binary)
        print(f"screenshot 16384x16384: HTTP {status} in {elapsed:.2f} s; VmHWM {before:.0f} -> {after:.0f} MiB")
    before, after, elapsed, ended = sse_load(args.binary, args.events, args.readers)
    print(f"{args.readers} stalled SSE readers, /flood {args.events} ({elapsed:.2f} s): VmHWM {before:.0f} -> {after:.0f} MiB; "
          f"streams ended by the server: {ended}/{args.readers}")


if __name__ == "__main__":
    main()
