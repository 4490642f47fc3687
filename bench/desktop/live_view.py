#!/usr/bin/env python3
"""Live view benchmark: sandbox-agent's damage-driven JPEG/palette/fill rectangle stream (`/v1/desktop/stream/ws`)
against x11vnc + websockify (what noVNC connects to), on the same display in the same run.

Scenes at 1920x1080 with the desktop benchmark's content (gradient wallpaper, two xterms, xeyes):
  - still: nothing changes for --seconds;
  - moving: a 400x300 window crosses the screen at 60 moves a second;
  - typing: an 80x24 xterm running `cat` gets 5 keystrokes a second through XTest (the tty
    echoes them: a character and the text cursor redrawn each time), the rest of the screen still;
  - latency: a 32x32 marker changes colour (X client, after XSync) → the viewer has decoded the
    first update that shows the new colour at the marker's centre; 40 changes, 150 ms apart, on
    an otherwise still screen.
Per system: updates per second, kbit/s on the wire (TCP payload bytes the viewer's socket
received: WebSocket framing and compression included), server CPU (its processes' utime+stime over the scene),
the X server's CPU over the same scene (capturing costs the X server too: a VNC server polls the
screen, we capture what DAMAGE reports), latency median and p95. Both viewers decode every
update (our JPEG tiles with the tables of `ready` and palettes; Tight's zlib streams and JPEGs) and stamp its
arrival after decoding it; the VNC viewer asks for the next update as soon as one arrives, as
noVNC does. Our viewer offers permessage-deflate, as browsers do (websockify does not accept
it). With --rounds N the systems alternate N times (ours, anchor, ours, ...) and the table shows
each row's median. A third column, when ffmpeg is installed, is the H.264 alternative the
issue asked to weigh: ffmpeg x11grab → libx264 ultrafast, -tune zerolatency, its stream's bytes
and frames and ffmpeg's CPU (not decoded, so no latency). Prints a table, asserts nothing.
"""
import argparse
import base64
import io
import json
import os
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

import websocket
from PIL import Image
from websockets.sync.client import connect as websocket_connect
from Xlib import X, XK, display as xdisplay
from Xlib.ext import xtest

sys.path.insert(0, os.path.dirname(__file__))
from desktop import Server, start_content, free_port, received_bytes  # noqa: E402
from rfb_client import RFBViewer  # noqa: E402


# The latency scene's marker: a 32x32 window at (1800, 40); the viewers report the colour at its centre.
MARKER = (1800, 40, 32)
PROBE = (MARKER[0] + MARKER[2] // 2, MARKER[1] + MARKER[2] // 2)


def palette_colour(data, width, x, y):
    """The colour of (x, y) in a live-view palette (docs/api.md, "Live view")."""
    count = data[0]
    bits = 1 if count <= 2 else 2 if count <= 4 else 4
    bit = x * bits
    index = (data[1 + 3 * count + y * ((width * bits + 7) // 8) + bit // 8] >> (8 - bits - bit % 8)) & ((1 << bits) - 1)
    return tuple(data[1 + 3 * index:4 + 3 * index])


class StreamViewer:
    """A `/v1/desktop/stream/ws` viewer offering permessage-deflate, as browsers do: decodes each
    update (every JPEG tile, spliced with the tables of `ready`; every palette) and records its
    arrival after decoding, its size, its rectangles and the colour it paints at the probe point
    (None when it does not paint there). Screen and image pixels are the same at the bench's scale 1."""

    def __init__(self, url, probe=None):
        # Entered by hand: the viewer lives across the scenes, not within one `with` block.
        self.socket = websocket_connect(url, compression="deflate", max_size=None).__enter__()
        self.bytes = 0
        self.updates = []
        self.probe = probe
        ready = json.loads(self.socket.recv())
        assert ready["type"] == "ready", ready
        self.tables = base64.b64decode(ready["jpegTables"])

    def next_update(self):
        while True:
            message = self.socket.recv()
            self.bytes += len(message)
            if isinstance(message, str):
                continue
            (length,) = struct.unpack(">I", message[:4])
            header = json.loads(message[4:4 + length])
            offset, colour, rectangles = 4 + length, None, []
            for kind, x, y, w, h, extra in header["rects"]:
                covers = self.probe is not None and x <= self.probe[0] < x + w and y <= self.probe[1] < y + h
                if kind == "jpeg":
                    tile = message[offset:offset + extra]
                    offset += extra
                    image = Image.open(io.BytesIO(b"\xff\xd8" + self.tables + tile[2:]))
                    image.load()
                    if covers:
                        colour = image.convert("RGB").getpixel((self.probe[0] - x, self.probe[1] - y))
                elif kind == "palette":
                    data = message[offset:offset + extra]
                    offset += extra
                    if covers:
                        colour = palette_colour(data, w, self.probe[0] - x, self.probe[1] - y)
                elif covers:
                    colour = tuple(bytes.fromhex(extra[1:]))
                rectangles.append((x, y, w, h))
            arrived = time.perf_counter()
            self.updates.append((arrived, len(message), rectangles, colour))
            return arrived, rectangles

    def wire_bytes(self):
        return received_bytes(self.socket.socket)

    def close(self):
        self.socket.close()


class H264Stream:
    """The codec the issue asked to weigh: ffmpeg grabbing the display (x11grab) into libx264
    `ultrafast` with `-tune zerolatency`, the usual low-latency H.264 live stream (what a WebCodecs
    viewer would decode), read from its stdout. Each frame starts with an access unit delimiter
    (`aud=1`), so frames are counted without decoding; nothing is decoded, so latency is not
    measured."""

    AUD = b"\x00\x00\x00\x01\x09"

    def __init__(self, display, width, height, fps):
        self.process = subprocess.Popen(
            ["ffmpeg", "-loglevel", "error", "-f", "x11grab", "-framerate", str(fps), "-video_size", f"{width}x{height}",
             "-i", display, "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-x264-params", "aud=1",
             "-pix_fmt", "yuv420p", "-f", "h264", "-"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.bytes = 0
        self.updates = []
        self.tail = b""

    def next_update(self):
        chunk = os.read(self.process.stdout.fileno(), 65536)
        if not chunk:
            raise EOFError("ffmpeg ended")
        self.bytes += len(chunk)
        data = self.tail + chunk
        arrived = time.perf_counter()
        self.updates += [(arrived, 0, [], None)] * data.count(self.AUD)
        self.tail = data[-(len(self.AUD) - 1):]

    def wire_bytes(self):
        return self.bytes

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Pump(threading.Thread):
    """Reads a viewer's updates on a thread until stopped."""

    def __init__(self, viewer):
        super().__init__(daemon=True)
        self.viewer = viewer
        self.running = True
        self.start()

    def run(self):
        while self.running:
            try:
                self.viewer.next_update()
            except Exception:
                return


def x_server_pid(display):
    """The pid of the X server (Xvfb) serving `display` (":N")."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            argv = open(f"/proc/{entry}/cmdline", "rb").read().split(b"\0")
        except OSError:
            continue
        if argv and os.path.basename(argv[0]) == b"Xvfb" and display.encode() in argv:
            return int(entry)
    raise SystemExit(f"no Xvfb serving {display}")


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total


def window(d, x, y, w, h, pixel):
    win = d.screen().root.create_window(x, y, w, h, 0, d.screen().root_depth, X.InputOutput, X.CopyFromParent,
                                        background_pixel=pixel, override_redirect=True)
    win.map()
    d.sync()
    return win


def measure_window(viewer, seconds, action=None):
    """Updates/s and kbit/s on the wire over `seconds` while `action` (called at 60 Hz) runs."""
    start_bytes, start_updates = viewer.wire_bytes(), len(viewer.updates)
    end = time.perf_counter() + seconds
    tick = 0
    while time.perf_counter() < end:
        if action:
            action(tick)
        tick += 1
        time.sleep(1 / 60)
    return (len(viewer.updates) - start_updates) / seconds, (viewer.wire_bytes() - start_bytes) * 8 / seconds / 1e3


def find_window(d, title, timeout=15):
    """The client window called `title` (anywhere in the tree: the window manager reparents it)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        pending = [d.screen().root]
        while pending:
            window = pending.pop()
            if window.get_wm_name() == title:
                return window
            pending += window.query_tree().children
        time.sleep(0.1)
    raise SystemExit(f"no window titled {title}")


class Typist:
    """Types into a focused xterm running `cat` through XTest, one character per call."""

    TEXT = "the quick brown fox jumps over the lazy dog "

    def __init__(self, d, terminal):
        self.d, self.terminal, self.typed = d, terminal, 0
        self.keycodes = {ch: d.keysym_to_keycode(XK.string_to_keysym("space" if ch == " " else ch)) for ch in set(self.TEXT)}

    def focus(self):
        self.terminal.set_input_focus(X.RevertToParent, X.CurrentTime)
        self.d.sync()

    def __call__(self, tick):
        if tick % 12:  # 5 keystrokes a second at the 60 Hz scene clock
            return
        keycode = self.keycodes[self.TEXT[self.typed % len(self.TEXT)]]
        xtest.fake_input(self.d, X.KeyPress, keycode)
        xtest.fake_input(self.d, X.KeyRelease, keycode)
        self.d.sync()
        self.typed += 1


def shows(colour, red):
    """Whether a decoded colour is the marker's red (or green), allowing for JPEG's loss."""
    if colour is None:
        return False
    r, g, b = colour[:3]
    strong, weak = (r, g) if red else (g, r)
    return strong > 200 and weak < 60 and b < 60


def measure_latency(viewer, d, changes):
    marker = window(d, MARKER[0], MARKER[1], MARKER[2], MARKER[2], 0x000000)
    time.sleep(0.5)
    samples = []
    for index in range(changes):
        seen = len(viewer.updates)
        red = index % 2 == 0
        marker.change_attributes(background_pixel=0xFF0000 if red else 0x00FF00)
        marker.clear_area()
        d.sync()
        changed = time.perf_counter()
        deadline = changed + 2
        while time.perf_counter() < deadline:
            hit = next((arrived for arrived, _, _, colour in viewer.updates[seen:] if shows(colour, red)), None)
            if hit:
                samples.append((hit - changed) * 1000)
                break
            time.sleep(0.0005)
        time.sleep(0.15)
    marker.destroy()
    d.sync()
    ordered = sorted(samples)
    return (statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1], len(samples)) if ordered else (float("nan"),) * 2 + (0,)


def run_scenes(viewer, pids, xserver, d, seconds, changes, typist):
    pump = Pump(viewer)
    deadline = time.time() + 10
    while not viewer.updates and time.time() < deadline:
        time.sleep(0.01)
    time.sleep(1.0)
    results = {}

    def scene(name, action=None):
        cpu, x_cpu = cpu_seconds(pids), cpu_seconds([xserver])
        fps, kbps = measure_window(viewer, seconds, action)
        results.update({f"{name}_fps": fps, f"{name}_kbps": kbps, f"{name}_cpu": (cpu_seconds(pids) - cpu) / seconds * 100,
                        f"{name}_xcpu": (cpu_seconds([xserver]) - x_cpu) / seconds * 100})

    scene("still")
    mover = window(d, 0, 300, 400, 300, 0x3366CC)

    def move(tick):
        mover.configure(x=(tick * 12) % 1520, y=300 + (tick * 5) % 400)
        d.sync()

    scene("moving", move)
    mover.destroy()
    d.sync()
    time.sleep(1.0)
    typist.focus()
    scene("typing", typist)
    time.sleep(1.0)
    latency = measure_latency(viewer, d, changes)
    pump.running = False
    viewer.close()
    results.update({"latency_p50": latency[0], "latency_p95": latency[1], "latency_n": latency[2]})
    return results


def start_anchor(display):
    """x11vnc and websockify on `display`; returns (processes, websockify's port)."""
    vnc_port, ws_port = free_port(), free_port()
    vnc = subprocess.Popen(["x11vnc", "-display", display, "-rfbport", str(vnc_port), "-nopw", "-forever", "-shared",
                            "-quiet", "-localhost"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxy = subprocess.Popen(["websockify", f"127.0.0.1:{ws_port}", f"127.0.0.1:{vnc_port}"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 15
    while True:
        try:
            socket.create_connection(("127.0.0.1", vnc_port), timeout=1).close()
            socket.create_connection(("127.0.0.1", ws_port), timeout=1).close()
            return [vnc, proxy], ws_port
        except OSError:
            if time.time() > deadline:
                raise SystemExit("x11vnc/websockify did not start")
            time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=1, help="alternate ours and the anchor this many times; report medians")
    parser.add_argument("--fps", type=int, default=60, help="our viewer's frame-rate cap (the server's default is 30)")
    parser.add_argument("--quality", type=int, default=70, help="our viewer's JPEG quality (the server's default is 70)")
    parser.add_argument("--display-num", type=int, default=140)
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    for program in ("x11vnc", "websockify"):
        if not shutil.which(program):
            raise SystemExit(f"needs {program} (Debian: apt-get install {program})")
    server = Server(args.binary, args.width, args.height, args.display_num)
    workdir = tempfile.mkdtemp(prefix="sa-bench-live-")
    children = []
    runs = {"sandbox-agent": [], "x11vnc+websockify": [], "ffmpeg h264": []}
    load = [os.getloadavg()[0]]
    try:
        children += start_content(server.display, args.width, args.height, workdir)
        children.append(subprocess.Popen(["xterm", "-title", "sa-bench-typing", "-geometry", "80x24+1000+560", "-e", "cat"],
                                         env=dict(os.environ, DISPLAY=server.display), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        d = xdisplay.Display(server.display)
        typist = Typist(d, find_window(d, "sa-bench-typing"))
        xserver = x_server_pid(server.display)
        time.sleep(1.0)  # the terminal has drawn itself
        for _ in range(args.rounds):
            server.request("POST", "/v1/desktop/stream/start", {})
            url = f"ws://127.0.0.1:{server.port}/v1/desktop/stream/ws?fps={args.fps}&quality={args.quality}"
            runs["sandbox-agent"].append(run_scenes(StreamViewer(url, PROBE), [server.process.pid], xserver, d, args.seconds, args.changes, typist))
            server.request("POST", "/v1/desktop/stream/stop", {})
            anchor, ws_port = start_anchor(server.display)
            try:
                runs["x11vnc+websockify"].append(run_scenes(RFBViewer(f"ws://127.0.0.1:{ws_port}/", PROBE), [p.pid for p in anchor], xserver,
                                                            d, args.seconds, args.changes, typist))
            finally:
                for process in anchor:
                    process.terminate()
                    process.wait(timeout=10)
            if shutil.which("ffmpeg"):
                h264 = H264Stream(server.display, args.width, args.height, min(args.fps, 60))
                runs["ffmpeg h264"].append(run_scenes(h264, [h264.process.pid], xserver, d, args.seconds, 0, typist))
            load.append(os.getloadavg()[0])
    finally:
        for child in children:
            child.terminate()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    medians = {name: {key: statistics.median(run[key] for run in results) for key in results[0]} for name, results in runs.items() if results}
    ours, anchor = medians["sandbox-agent"], medians["x11vnc+websockify"]
    h264 = medians.get("ffmpeg h264")
    for row in filter(None, (ours, anchor, h264)):
        for scene in ("moving", "typing"):
            row[f"{scene}_cpu_per_update"] = row[f"{scene}_cpu"] * 10 / row[f"{scene}_fps"] if row[f"{scene}_fps"] else float("nan")
    rows = [
        ("still screen: updates/s", "still_fps"), ("still screen: kbit/s", "still_kbps"), ("still screen: server CPU %", "still_cpu"),
        ("still screen: X server CPU %", "still_xcpu"),
        ("moving window: updates/s", "moving_fps"), ("moving window: kbit/s", "moving_kbps"),
        ("moving window: server CPU %", "moving_cpu"), ("moving window: X server CPU %", "moving_xcpu"),
        ("moving window: server CPU ms/update", "moving_cpu_per_update"),
        ("typing: updates/s", "typing_fps"), ("typing: kbit/s", "typing_kbps"),
        ("typing: server CPU %", "typing_cpu"), ("typing: X server CPU %", "typing_xcpu"),
        ("change → decoded p50 (ms)", "latency_p50"), ("change → decoded p95 (ms)", "latency_p95"),
        ("changes seen (of %d)" % args.changes, "latency_n"),
    ]
    print(f"\nlive view {args.width}x{args.height}, {args.seconds:.0f} s per scene, our viewer fps={args.fps} quality={args.quality}, "
          f"median of {args.rounds} alternating round(s); load average {' → '.join(f'{value:.1f}' for value in load)}")
    print(f"{'measure':38} {'sandbox-agent':>14} {'x11vnc+websockify':>18} {'ffmpeg h264':>12}")
    for label, key in rows:
        third = f"{h264[key]:12.2f}" if h264 and not key.startswith("latency") else f"{'-':>12}"
        print(f"{label:38} {ours[key]:14.2f} {anchor[key]:18.2f} {third}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"medians": medians, "rounds": runs, "load": load}, f, indent=2)


if __name__ == "__main__":
    main()
