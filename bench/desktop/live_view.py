#!/usr/bin/env python3
"""Live view benchmark: sandbox-agent's damage-driven JPEG/fill rectangle stream (`/v1/desktop/stream/ws`)
against x11vnc + websockify (what noVNC connects to), on the same display in the same run.

Scenes at 1920x1080 with the desktop benchmark's content (gradient wallpaper, two xterms, xeyes):
  - still: nothing changes for --seconds;
  - moving: a 400x300 window crosses the screen at 60 moves a second;
  - typing: an 80x24 xterm running `cat` gets 5 keystrokes a second through XTest (the tty
    echoes them: a character and the text cursor redrawn each time), the rest of the screen still;
  - latency: a 32x32 marker changes colour (X client, after XSync) → the first update whose
    rectangles cover it arrives at the viewer; 40 changes, 150 ms apart, on an otherwise still screen.
Per system: updates per second, Mbit/s, server CPU (its processes' utime+stime over the scene),
latency median and p95. Both viewers parse message boundaries without decoding pixels; the VNC
viewer asks for the next update as soon as one arrives, as noVNC does. Prints a table, asserts nothing.
"""
import argparse
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
from Xlib import X, XK, display as xdisplay
from Xlib.ext import xtest

sys.path.insert(0, os.path.dirname(__file__))
from desktop import Server, start_content, free_port  # noqa: E402
from rfb_client import RFBViewer  # noqa: E402


class StreamViewer:
    """A `/v1/desktop/stream/ws` viewer: records each update's arrival, size and rectangles."""

    def __init__(self, url):
        self.socket = websocket.create_connection(url)
        self.bytes = 0
        self.updates = []
        ready = json.loads(self.socket.recv())
        assert ready["type"] == "ready", ready

    def next_update(self):
        while True:
            message = self.socket.recv()
            self.bytes += len(message)
            if isinstance(message, str):
                continue
            arrived = time.perf_counter()
            (length,) = struct.unpack(">I", message[:4])
            header = json.loads(message[4:4 + length])
            rectangles = [tuple(r[1:5]) for r in header["rects"]]
            self.updates.append((arrived, len(message), rectangles))
            return arrived, rectangles

    def close(self):
        self.socket.close()


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
    """Updates/s and Mbit/s over `seconds` while `action` (called at 60 Hz) runs."""
    start_bytes, start_updates = viewer.bytes, len(viewer.updates)
    end = time.perf_counter() + seconds
    tick = 0
    while time.perf_counter() < end:
        if action:
            action(tick)
        tick += 1
        time.sleep(1 / 60)
    return (len(viewer.updates) - start_updates) / seconds, (viewer.bytes - start_bytes) * 8 / seconds / 1e6


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


def measure_latency(viewer, d, changes):
    marker = window(d, 1800, 40, 32, 32, 0x000000)
    time.sleep(0.5)
    samples = []
    for index in range(changes):
        seen = len(viewer.updates)
        marker.change_attributes(background_pixel=0xFF0000 if index % 2 == 0 else 0x00FF00)
        marker.clear_area()
        d.sync()
        changed = time.perf_counter()
        deadline = changed + 2
        while time.perf_counter() < deadline:
            hit = next((arrived for arrived, _, rects in viewer.updates[seen:]
                        if any(x <= 1810 < x + w and y <= 50 < y + h for x, y, w, h in rects)), None)
            if hit:
                samples.append((hit - changed) * 1000)
                break
            time.sleep(0.0005)
        time.sleep(0.15)
    marker.destroy()
    d.sync()
    ordered = sorted(samples)
    return (statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1], len(samples)) if ordered else (float("nan"),) * 2 + (0,)


def run_scenes(viewer, pids, d, seconds, changes, typist):
    pump = Pump(viewer)
    deadline = time.time() + 10
    while not viewer.updates and time.time() < deadline:
        time.sleep(0.01)
    time.sleep(1.0)
    cpu = cpu_seconds(pids)
    still = measure_window(viewer, seconds)
    still_cpu = (cpu_seconds(pids) - cpu) / seconds * 100
    mover = window(d, 0, 300, 400, 300, 0x3366CC)

    def move(tick):
        mover.configure(x=(tick * 12) % 1520, y=300 + (tick * 5) % 400)
        d.sync()

    cpu = cpu_seconds(pids)
    moving = measure_window(viewer, seconds, move)
    moving_cpu = (cpu_seconds(pids) - cpu) / seconds * 100
    mover.destroy()
    d.sync()
    time.sleep(1.0)
    typist.focus()
    cpu = cpu_seconds(pids)
    typing = measure_window(viewer, seconds, typist)
    typing_cpu = (cpu_seconds(pids) - cpu) / seconds * 100
    time.sleep(1.0)
    latency = measure_latency(viewer, d, changes)
    pump.running = False
    viewer.close()
    return {"still_fps": still[0], "still_mbps": still[1], "still_cpu": still_cpu,
            "moving_fps": moving[0], "moving_mbps": moving[1], "moving_cpu": moving_cpu,
            "typing_fps": typing[0], "typing_mbps": typing[1], "typing_cpu": typing_cpu,
            "latency_p50": latency[0], "latency_p95": latency[1], "latency_n": latency[2]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--changes", type=int, default=40)
    parser.add_argument("--display-num", type=int, default=140)
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    for program in ("x11vnc", "websockify"):
        if not shutil.which(program):
            raise SystemExit(f"needs {program} (Debian: apt-get install {program})")
    server = Server(args.binary, args.width, args.height, args.display_num)
    workdir = tempfile.mkdtemp(prefix="sa-bench-live-")
    children = []
    try:
        children += start_content(server.display, args.width, args.height, workdir)
        children.append(subprocess.Popen(["xterm", "-title", "sa-bench-typing", "-geometry", "80x24+1000+560", "-e", "cat"],
                                         env=dict(os.environ, DISPLAY=server.display), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        d = xdisplay.Display(server.display)
        typist = Typist(d, find_window(d, "sa-bench-typing"))
        time.sleep(1.0)  # the terminal has drawn itself
        server.request("POST", "/v1/desktop/stream/start", {})
        ours = run_scenes(StreamViewer(f"ws://127.0.0.1:{server.port}/v1/desktop/stream/ws?fps=60&quality=70"),
                          [server.process.pid], d, args.seconds, args.changes, typist)
        server.request("POST", "/v1/desktop/stream/stop", {})
        vnc_port, ws_port = free_port(), free_port()
        vnc = subprocess.Popen(["x11vnc", "-display", server.display, "-rfbport", str(vnc_port), "-nopw", "-forever", "-shared",
                                "-quiet", "-localhost"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        proxy = subprocess.Popen(["websockify", f"127.0.0.1:{ws_port}", f"127.0.0.1:{vnc_port}"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        children += [vnc, proxy]
        deadline = time.time() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", vnc_port), timeout=1).close()
                socket.create_connection(("127.0.0.1", ws_port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("x11vnc/websockify did not start")
                time.sleep(0.1)
        anchor = run_scenes(RFBViewer(f"ws://127.0.0.1:{ws_port}/"), [vnc.pid, proxy.pid], d, args.seconds, args.changes, typist)
    finally:
        for child in children:
            child.terminate()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    rows = [
        ("still screen: updates/s", "still_fps"), ("still screen: Mbit/s", "still_mbps"), ("still screen: server CPU %", "still_cpu"),
        ("moving window: updates/s", "moving_fps"), ("moving window: Mbit/s", "moving_mbps"),
        ("moving window: server CPU %", "moving_cpu"), ("typing: updates/s", "typing_fps"), ("typing: Mbit/s", "typing_mbps"),
        ("typing: server CPU %", "typing_cpu"), ("change → arrival p50 (ms)", "latency_p50"),
        ("change → arrival p95 (ms)", "latency_p95"), ("changes seen (of %d)" % args.changes, "latency_n"),
    ]
    print(f"\nlive view {args.width}x{args.height}, {args.seconds:.0f} s per scene")
    print(f"{'measure':36} {'sandbox-agent':>14} {'x11vnc+websockify':>18}")
    for label, key in rows:
        print(f"{label:36} {ours[key]:14.2f} {anchor[key]:18.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"sandbox-agent": ours, "x11vnc+websockify": anchor}, f, indent=2)


if __name__ == "__main__":
    main()
