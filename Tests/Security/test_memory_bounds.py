"""Memory stays bounded under the two loads that used to grow without limit.

* 100 SSE readers of one session that stop reading while the agent pushes 60,000 events. The
  server ends each lagging stream (the client resumes with Last-Event-ID) instead of buffering for
  it: peak RSS stays under MAX_PEAK_MIB (an earlier version reached 1,122 MiB; this one stays near
  120 MiB in a debug build).
* The largest screenshot the server makes: an 8192x8192 desktop (the largest) painted with noise
  that does not compress, captured with the cursor and scaled to 8191x8192 (so every buffer of
  the pipeline exists at once) as PNG, once as base64 JSON of an actions batch and once as an
  image. An image has at most 8192x8192 pixels: the 16384x16384 image (1.85 GB from a 1440x900
  screen; 3,301 MiB peak from this one) is a 400. Peak RSS stays under MAX_SCREENSHOT_PEAK_MIB
  (measured 1,660 MiB in a debug build, the encoding of the first still cached while the second
  is made; the codecs are built -O2 in every build).

bench/memory_bounds.py measures the SSE load and the 16384x16384 request as a benchmark."""
import concurrent.futures
import json
import os
import socket
import time

from http_raw import problem_code, request

READERS = 100
EVENTS = 60_000
MAX_PEAK_MIB = 400
MAX_SCREENSHOT_PEAK_MIB = 1800


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


def paint_noise(display):
    """Makes the root window's background a tile of random pixels as wide as the screen and 64
    rows high: deflate finds no repeat within its 32 KiB window, so the PNG is as large as the
    pixels. Returns the open X connection (the background lives as long as it does)."""
    from Xlib import X
    from Xlib.display import Display
    connection = Display(display)
    screen = connection.screen()
    width, rows = screen.width_in_pixels, 64
    tile = screen.root.create_pixmap(width, rows, screen.root_depth)
    gc = tile.create_gc()
    for y in range(0, rows, 4):  # 128 KiB per request, below the core protocol's limit
        tile.put_image(gc, 0, y, width, 4, X.ZPixmap, screen.root_depth, 0, os.urandom(width * 4 * 4))
    screen.root.change_attributes(background_pixmap=tile)
    screen.root.clear_area(0, 0, 0, 0)
    connection.sync()
    return connection


def test_the_largest_screenshot_stays_under_its_memory_bound(start_server, tmp_path):
    server = start_server("--storage", "memory")
    status, _, data = request(server.port, "POST", "/v1/desktop/start",
                              body={"width": 8192, "height": 8192, "stateDir": str(tmp_path / "desk")}, timeout=120)
    assert status == 200, data
    connection = paint_noise(json.loads(data)["display"])
    try:
        # One pixel more than 8192x8192 is refused, naming the field.
        status, _, data = request(server.port, "GET", "/v1/desktop/screenshot?width=8192&height=8193", timeout=120)
        assert status == 400 and problem_code(data) == "desktop_invalid_action", data
        assert json.loads(data).get("field") == "width", data
        # The largest as JSON (base64 in an actions batch), then as an image of another size (not
        # the cached encoding): each scaled from the whole screen with the cursor drawn in.
        status, _, batch = request(server.port, "POST", "/v1/desktop/actions",
                                   body={"actions": [], "screenshot": {"width": 8191, "height": 8192, "showCursor": True}}, timeout=600)
        assert status == 200, batch[:300]
        status, headers, data = request(server.port, "GET", "/v1/desktop/screenshot?width=8192&height=8191&showCursor=true", timeout=600)
        peak = peak_rss_mib(server.process.pid)
    finally:
        connection.close()
    assert status == 200, data[:300]
    assert headers["x-image-width"] == "8192" and headers["x-image-height"] == "8191", headers
    # Noise stays noise: the PNG holds (nearly) every byte of the RGB pixels.
    assert len(data) > 8192 * 8191 * 3 * 0.95, f"the PNG has {len(data)} bytes: the screen was not noise"
    assert len(batch) > 8192 * 8191 * 4 * 0.95, f"the batch answer has {len(batch)} bytes"
    print(f"\n8191x8192 PNG of noise ({len(data) >> 20} MiB; {len(batch) >> 20} MiB as JSON): peak RSS {peak:.0f} MiB")
    assert peak < MAX_SCREENSHOT_PEAK_MIB, f"peak RSS {peak:.0f} MiB for the largest screenshot"
