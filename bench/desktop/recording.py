#!/usr/bin/env python3
"""Recording benchmark: a desktop recording (`POST /v1/desktop/recording/start`) against plain
`ffmpeg -f x11grab` with the same encoder settings, on the same display in the same run.

Scene at 1920x1080 with the desktop benchmark's content (gradient wallpaper, two xterms, xeyes)
and a 400x300 window crossing the screen at 60 moves a second, for --seconds each. Per system:
the sustained frame rate (distinct frames in the video per second of it: an MP4 at a constant
rate repeats the last frame when capture or encoding fall behind, and mpdecimate drops those
repeats again; every captured frame differs here, as the window moves at 60 Hz), CPU
(utime+stime of ffmpeg, plus the server for ours, per second of wall time) and the file size per
minute. Prints a table, asserts nothing.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from Xlib import X, display as xdisplay

sys.path.insert(0, os.path.dirname(__file__))
from desktop import Server, start_content  # noqa: E402
from live_view import cpu_seconds, window  # noqa: E402


def frames_in(path):
    """(distinct frames, duration in seconds) of a video."""
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", path],
                           capture_output=True, text=True, check=True)
    duration = float(json.loads(probe.stdout)["format"]["duration"])
    distinct = subprocess.run(["ffprobe", "-v", "error", "-f", "lavfi", "-i", f"movie={path},mpdecimate", "-count_frames",
                               "-show_entries", "stream=nb_read_frames", "-of", "json"], capture_output=True, text=True, check=True)
    return int(json.loads(distinct.stdout)["streams"][0]["nb_read_frames"]), duration


class Mover(threading.Thread):
    """Moves a 400x300 window across the screen 60 times a second until stopped."""

    def __init__(self, display):
        super().__init__(daemon=True)
        self.display = xdisplay.Display(display)
        self.running = True
        self.start()

    def run(self):
        mover = window(self.display, 0, 300, 400, 300, 0x3366CC)
        tick = 0
        while self.running:
            mover.configure(x=(tick * 12) % 1520, y=300 + (tick * 5) % 400)
            self.display.sync()
            tick += 1
            time.sleep(1 / 60)
        mover.destroy()
        self.display.sync()


def results(path, cpu, wall):
    """The row values of a video recorded for `wall` seconds with `cpu` seconds of CPU."""
    frames, duration = frames_in(path)
    return {"fps": frames / duration, "cpu": cpu / wall * 100, "mb_per_min": os.path.getsize(path) / duration * 60 / 1e6,
            "duration": duration, "frames": frames}


def ffmpeg_pid(server, process_id):
    status, body, _ = server.request("GET", f"/v1/processes/{process_id}")
    return json.loads(body)["pid"]


def measure_ours(server, seconds, fps):
    status, body, _ = server.request("POST", "/v1/desktop/recording/start", {"fps": fps})
    if status != 200:
        raise SystemExit(f"recording start failed: {status} {body[:300]!r}")
    info = json.loads(body)
    pid = ffmpeg_pid(server, info["processId"])
    pids = [server.process.pid, pid]
    cpu = cpu_seconds(pids)
    began = time.perf_counter()
    time.sleep(seconds)
    used = cpu_seconds(pids) - cpu  # before stop: ffmpeg's /proc entry goes away with it
    wall = time.perf_counter() - began
    status, body, _ = server.request("POST", "/v1/desktop/recording/stop")
    info = json.loads(body)
    path = os.path.join(server.data, "recordings", info["fileName"])
    return results(path, used, wall)


def measure_anchor(display, width, height, seconds, fps, workdir):
    path = os.path.join(workdir, "anchor.mp4")
    # The arguments of DesktopRecordings.start, without the limits.
    args = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "x11grab", "-draw_mouse", "1",
            "-framerate", str(fps), "-video_size", f"{width}x{height}", "-i", display, "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart", path]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu = cpu_seconds([process.pid])
    began = time.perf_counter()
    time.sleep(seconds)
    used = cpu_seconds([process.pid]) - cpu
    wall = time.perf_counter() - began
    process.terminate()
    process.wait(timeout=30)
    return results(path, used, wall)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--display-num", type=int, default=141)
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    for program in ("ffmpeg", "ffprobe"):
        if not shutil.which(program):
            raise SystemExit(f"needs {program} (Debian: apt-get install ffmpeg)")
    server = Server(args.binary, args.width, args.height, args.display_num)
    workdir = tempfile.mkdtemp(prefix="sa-bench-recording-")
    children = []
    try:
        children += start_content(server.display, args.width, args.height, workdir)
        mover = Mover(server.display)
        time.sleep(2)  # the window is moving before either recording starts
        anchor = measure_anchor(server.display, args.width, args.height, args.seconds, args.fps, workdir)
        ours = measure_ours(server, args.seconds, args.fps)
        mover.running = False
        mover.join(timeout=5)
    finally:
        for child in children:
            child.terminate()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    rows = [("sustained fps (distinct frames / s)", "fps"), ("CPU % (of one core)", "cpu"), ("file size, MB per minute", "mb_per_min"),
            ("video duration (s)", "duration")]
    print(f"\nrecording {args.width}x{args.height} at {args.fps} fps, {args.seconds:.0f} s, moving window")
    print(f"{'measure':36} {'sandbox-agent':>14} {'ffmpeg x11grab':>15}")
    for label, key in rows:
        print(f"{label:36} {ours[key]:14.2f} {anchor[key]:15.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"sandbox-agent": ours, "ffmpeg x11grab": anchor}, f, indent=2)


if __name__ == "__main__":
    main()
