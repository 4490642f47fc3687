#!/usr/bin/env python3
"""Desktop benchmarks: screenshots and input over HTTP against the anchors' per-action tools,
side by side in one run on the same display with realistic content.

Anchors (what upstream and the other computer-use systems spawn per action):
  - `import -window root png:-` (ImageMagick; upstream sandbox-agent's screenshot) and `scrot`
    (E2B) for screenshots;
  - `xdotool mousemove X Y click 1` for a click, `xdotool type` (default 12 ms delay and --delay 0)
    for typing 50 characters.
Our figures are end-to-end HTTP round trips on a kept-alive connection. The content: a
photo-like gradient wallpaper, two xterms full of text, xeyes (which redraws when the pointer
moves, so a move between shots makes a "fresh frame": a small change, captured and encoded anew).
The "whole screen changed" rows swap between two wallpapers before each shot instead, so every
row is new (no damage-region capture, no JPEG row reuse). Prints medians, p95 and ratios; asserts
nothing.
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time


def received_bytes(sock):
    """The TCP payload bytes `sock` has received (Linux tcp_info.tcpi_bytes_received)."""
    return struct.unpack_from("Q", sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 256), 128)[0]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, width, height, display_num):
        self.port = free_port()
        self.data = tempfile.mkdtemp(prefix="sa-bench-desktop-")
        self.process = subprocess.Popen(
            [binary, "server", "--no-token", "--port", str(self.port), "--data-dir", self.data, "--storage", "memory"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while True:
            try:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.request("GET", "/v1/health")
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.02)
        status, body, _ = self.request("POST", "/v1/desktop/start", {
            "width": width, "height": height, "displayNum": display_num, "stateDir": self.data + "/desktop"})
        if status != 200:
            raise SystemExit(f"desktop start failed: {status} {body[:300]!r}")
        self.display = json.loads(body)["display"]

    def request(self, method, path, body=None):
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, ConnectionError):
            # The server closes a keep-alive connection left idle (a 60 s recording): open a new one.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
        return response.status, response.read(), response

    def stop(self):
        try:
            self.request("POST", "/v1/desktop/stop")
        finally:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)
            shutil.rmtree(self.data, ignore_errors=True)


def make_wallpaper(path, width, height, variant=0):
    """A smooth two-axis gradient with one 720x420 photo-like plasma patch, as a PPM (no Pillow
    needed): the content the anchors were measured with (desktop-anchors.md, Part B0). Variant 1
    has other colours and a shifted plasma, to change the whole screen between shots."""
    import math
    patch_x, patch_y, patch_w, patch_h = width // 2 - 360, height - 480, 720, 420
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            if patch_x <= x < patch_x + patch_w and patch_y <= y < patch_y + patch_h:
                value = (math.sin(x / 9.0 + variant) + math.sin(y / 7.0) + math.sin((x + y) / 13.0)
                         + math.sin(math.hypot(x - 900, y - 700) / 11.0))
                row += bytes((int(128 + 60 * value) & 255, int(128 + 60 * math.sin(value * 1.7)) & 255, int(128 - 50 * value) & 255))
            else:
                row += bytes((40 + x * 120 // width, 60 + y * 120 // height, 140 - 60 * variant))
        rows.append(bytes(row))
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (width, height))
        f.writelines(rows)


def start_content(display, width, height, workdir):
    env = dict(os.environ, DISPLAY=display)
    wallpaper = os.path.join(workdir, "wallpaper.ppm")
    make_wallpaper(wallpaper, width, height)
    # ImageMagick sets the root background; it exits 1 even when it worked, so its status is not checked.
    subprocess.run(["display", "-window", "root", wallpaper], env=env, stderr=subprocess.DEVNULL)
    children = []
    text = "ls -lR /usr/share/doc | head -400; cat /etc/services | head -300"
    for geometry in ("100x45+20+20", "110x40+760+300"):
        children.append(subprocess.Popen(["xterm", "-geometry", geometry, "-hold", "-e", "sh", "-c", text], env=env,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    children.append(subprocess.Popen(["xeyes", "-geometry", "300x200+1400+60"], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    time.sleep(2.0)  # let the xterms fill; content is static afterwards
    return children


def summarize(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def timed(function, repetitions, before=None, warmup=3):
    samples = []
    for index in range(repetitions + warmup):
        if before:
            before(index)
        start = time.perf_counter()
        function()
        elapsed = (time.perf_counter() - start) * 1000
        if index >= warmup:
            samples.append(elapsed)
    return summarize(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--repetitions", type=int, default=50)
    parser.add_argument("--display-num", type=int, default=120)
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--save-screenshot", help="write one PNG of the benchmark's desktop here, to check the content")
    args = parser.parse_args()

    server = Server(args.binary, args.width, args.height, args.display_num)
    env = dict(os.environ, DISPLAY=server.display)
    workdir = tempfile.mkdtemp(prefix="sa-bench-content-")
    children = []
    results = []
    sizes = {}
    n = args.repetitions

    def wiggle(index):
        # Move the pointer and give xeyes time to redraw (not timed): the next screenshot is a fresh
        # capture + encode. Without the pause the request can overtake the redraw and be served
        # from the damage-aware cache, which would flatter the figure.
        server.request("POST", "/v1/desktop/mouse/move", {"x": 200 + (index % 2) * 700, "y": 500})
        time.sleep(0.03)

    def ours(path, key):
        def shot():
            status, body, _ = server.request("GET", path)
            assert status == 200, (status, body[:200])
            sizes[key] = len(body)
        return shot

    def command(argv, output=False):
        def run():
            result = subprocess.run(argv, env=env, stdout=subprocess.PIPE if output else subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, check=True)
            return result
        return run

    try:
        children += start_content(server.display, args.width, args.height, workdir)
        if args.save_screenshot:
            with open(args.save_screenshot, "wb") as f:
                f.write(server.request("GET", "/v1/desktop/screenshot")[1])
        png = timed(ours("/v1/desktop/screenshot", "png"), n, before=wiggle)
        jpeg = timed(ours("/v1/desktop/screenshot?format=jpeg&quality=80", "jpeg"), n, before=wiggle)
        wallpapers = [os.path.join(workdir, "wallpaper.ppm"), os.path.join(workdir, "wallpaper-1.ppm")]
        make_wallpaper(wallpapers[1], args.width, args.height, variant=1)

        def swap_wallpaper(index):
            # Not timed: the whole background changes, so every row of the next shot is new.
            subprocess.run(["display", "-window", "root", wallpapers[index % 2]], env=env, stderr=subprocess.DEVNULL)
            time.sleep(0.05)
        whole = max(10, n // 2)
        png_whole = timed(ours("/v1/desktop/screenshot", "png_whole"), whole, before=swap_wallpaper)
        jpeg_whole = timed(ours("/v1/desktop/screenshot?format=jpeg&quality=80", "jpeg_whole"), whole, before=swap_wallpaper)
        scaled = timed(ours("/v1/desktop/screenshot?width=1366&height=768", "scaled"), n, before=wiggle)
        cached = timed(ours("/v1/desktop/screenshot", "cached"), n)
        imagemagick = timed(command(["import", "-window", "root", "png:-"], output=True), max(20, n // 2), before=wiggle)
        scrot_file = os.path.join(workdir, "scrot.png")
        scrot = timed(command(["scrot", "-o", scrot_file]), max(20, n // 2), before=wiggle) if shutil.which("scrot") else None
        results += [
            ("screenshot PNG (fresh frame)", png, imagemagick, "import -window root png:-"),
            ("screenshot PNG, whole screen changed", png_whole, imagemagick, "import -window root png:-"),
            ("screenshot JPEG q80 (fresh frame)", jpeg, imagemagick, "import -window root png:-"),
            ("screenshot JPEG q80, whole screen changed", jpeg_whole, imagemagick, "import -window root png:-"),
            ("screenshot PNG scaled to 1366x768", scaled, imagemagick, "import -window root png:-"),
            ("screenshot PNG, unchanged screen (cache)", cached, imagemagick, "import -window root png:-"),
        ]
        if scrot:
            results.append(("screenshot PNG (fresh frame)", png, scrot, "scrot FILE"))

        click = timed(lambda: server.request("POST", "/v1/desktop/mouse/click", {"x": 1700, "y": 900}), n * 2)
        xdotool_click = timed(command(["xdotool", "mousemove", "1700", "900", "click", "1"]), max(20, n // 2))
        results.append(("click at (x, y)", click, xdotool_click, "xdotool mousemove X Y click 1"))

        sentence = "The quick brown fox jumps over the lazy dog 123456"[:50]
        focus = subprocess.Popen(["xterm", "-geometry", "80x10+1200+700", "-e", "cat"], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        children.append(focus)
        time.sleep(0.5)
        server.request("POST", "/v1/desktop/mouse/click", {"x": 1300, "y": 760})
        type_ours = timed(lambda: server.request("POST", "/v1/desktop/keyboard/type", {"text": sentence}), n)
        type_xdotool = timed(command(["xdotool", "type", "--", sentence]), max(10, n // 5))
        type_fast = timed(command(["xdotool", "type", "--delay", "0", "--", sentence]), max(10, n // 5))
        results.append(("type 50 characters", type_ours, type_xdotool, "xdotool type (default 12 ms delay)"))
        results.append(("type 50 characters", type_ours, type_fast, "xdotool type --delay 0"))
    finally:
        for child in children:
            child.terminate()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"\nDesktop at {args.width}x{args.height}, {n} repetitions (medians; p95 in brackets), sizes: "
          + ", ".join(f"{key} {value / 1024:.0f} KiB" for key, value in sizes.items()))
    print(f"| measure | ours ms | anchor | anchor ms | anchor / ours |")
    print(f"|---|---:|---|---:|---:|")
    rows = []
    for name, (ours_median, ours_p95), (anchor_median, anchor_p95), anchor_name in results:
        ratio = anchor_median / ours_median if ours_median else float("inf")
        print(f"| {name} | {ours_median:.2f} [{ours_p95:.2f}] | {anchor_name} | {anchor_median:.1f} [{anchor_p95:.1f}] | {ratio:.1f}x |")
        rows.append({"measure": name, "ours_ms": ours_median, "ours_p95_ms": ours_p95, "anchor": anchor_name,
                     "anchor_ms": anchor_median, "anchor_p95_ms": anchor_p95, "ratio": ratio})
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"width": args.width, "height": args.height, "sizes": sizes, "rows": rows}, f, indent=2)


if __name__ == "__main__":
    main()
