#!/usr/bin/env python3
"""Recording benchmark: a desktop recording (`POST /v1/desktop/recording/start`) against plain
`ffmpeg -f x11grab` with the same encoder settings, on the same display in the same run.

Scene at 1920x1080 with the desktop benchmark's content (gradient wallpaper, two xterms, xeyes)
and a 400x300 window crossing the screen at 60 moves a second, for --seconds each. Per system:
the sustained frame rate (distinct frames in the video per second of it: an MP4 at a constant
rate repeats the last frame when capture or encoding fall behind, and mpdecimate drops those
repeats again; every captured frame differs here, as the window moves at 60 Hz), CPU
(utime+stime of ffmpeg, plus the server for ours, per second of wall time), the X server's CPU
over the same time (grabbing a frame costs the X server a copy of the screen), CPU per distinct
frame, and the file size per minute.

A third column measures feeding the encoder raw frames instead of letting it grab them: one
ffmpeg grabs (x11grab) and writes raw BGRX frames to a pipe, a second one reads them from the pipe
(`-f rawvideo -i -`) and encodes them with the same settings. Its CPU is both processes': what any
capture of ours feeding ffmpeg would add at best (a full frame through a pipe per frame, 8 MB at
1080p) on top of a grab, which the X server does with one shared-memory copy either way.

With --rounds N the three alternate N times and the table shows each row's median. Prints a
table, asserts nothing.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from Xlib import X, display as xdisplay

sys.path.insert(0, os.path.dirname(__file__))
from desktop import Server, start_content  # noqa: E402
from live_view import cpu_seconds, window, x_server_pid  # noqa: E402


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


def results(path, cpu, x_cpu, wall):
    """The row values of a video recorded for `wall` seconds with `cpu` seconds of CPU (and `x_cpu` of the X server's)."""
    frames, duration = frames_in(path)
    return {"fps": frames / duration, "cpu": cpu / wall * 100, "xcpu": x_cpu / wall * 100, "cpu_ms_per_frame": cpu * 1000 / frames,
            "total_ms_per_frame": (cpu + x_cpu) * 1000 / frames, "mb_per_min": os.path.getsize(path) / duration * 60 / 1e6,
            "duration": duration, "frames": frames}


def measure(pids, xserver, seconds):
    """(CPU seconds of `pids`, of the X server, wall seconds) over `seconds`."""
    cpu, x_cpu = cpu_seconds(pids), cpu_seconds([xserver])
    began = time.perf_counter()
    time.sleep(seconds)
    # Read before stopping: ffmpeg's /proc entry goes away with it.
    return cpu_seconds(pids) - cpu, cpu_seconds([xserver]) - x_cpu, time.perf_counter() - began


def ffmpeg_pid(server, process_id):
    status, body, _ = server.request("GET", f"/v1/processes/{process_id}")
    return json.loads(body)["pid"]


def measure_ours(server, xserver, seconds, fps):
    status, body, _ = server.request("POST", "/v1/desktop/recording/start", {"fps": fps})
    if status != 200:
        raise SystemExit(f"recording start failed: {status} {body[:300]!r}")
    info = json.loads(body)
    used = measure([server.process.pid, ffmpeg_pid(server, info["processId"])], xserver, seconds)
    status, body, _ = server.request("POST", "/v1/desktop/recording/stop")
    info = json.loads(body)
    if info.get("status") != "completed":
        raise SystemExit(f"our recording did not complete: {info.get('status')} {info.get('error')}")
    path = os.path.join(server.data, "recordings", info["fileName"])
    return results(path, *used)


GRAB = ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "x11grab", "-draw_mouse", "1"]
ENCODE = ["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-movflags", "+faststart"]


def measure_anchor(display, xserver, width, height, seconds, fps, workdir):
    path = os.path.join(workdir, "anchor.mp4")
    # The arguments of DesktopRecordings.start, without the limits.
    args = ["ffmpeg", *GRAB, "-framerate", str(fps), "-video_size", f"{width}x{height}", "-i", display, *ENCODE, path]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    used = measure([process.pid], xserver, seconds)
    process.terminate()
    process.wait(timeout=30)
    return results(path, *used)


def measure_piped(display, xserver, width, height, seconds, fps, workdir):
    """Raw BGRX frames through a pipe into the same encoder."""
    path = os.path.join(workdir, "piped.mp4")
    grab = subprocess.Popen(["ffmpeg", *GRAB, "-framerate", str(fps), "-video_size", f"{width}x{height}", "-i", display,
                             "-f", "rawvideo", "-pix_fmt", "bgr0", "-"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    encode = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr0",
                               "-video_size", f"{width}x{height}", "-framerate", str(fps), "-i", "-", *ENCODE, path],
                              stdin=grab.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    grab.stdout.close()
    used = measure([grab.pid, encode.pid], xserver, seconds)
    grab.terminate()
    grab.wait(timeout=30)
    encode.wait(timeout=30)
    return results(path, *used)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--width", type=int, default=1920)
    parser.add_argument("--height", type=int, default=1080)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=1, help="alternate the three this many times; report medians")
    parser.add_argument("--display-num", type=int, default=141)
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    for program in ("ffmpeg", "ffprobe"):
        if not shutil.which(program):
            raise SystemExit(f"needs {program} (Debian: apt-get install ffmpeg)")
    server = Server(args.binary, args.width, args.height, args.display_num)
    workdir = tempfile.mkdtemp(prefix="sa-bench-recording-")
    children = []
    names = ("sandbox-agent", "ffmpeg x11grab", "raw frames piped")
    runs = {name: [] for name in names}
    load = [os.getloadavg()[0]]
    try:
        children += start_content(server.display, args.width, args.height, workdir)
        xserver = x_server_pid(server.display)
        mover = Mover(server.display)
        time.sleep(2)  # the window is moving before any recording starts
        for _ in range(args.rounds):
            runs["ffmpeg x11grab"].append(measure_anchor(server.display, xserver, args.width, args.height, args.seconds, args.fps, workdir))
            runs["sandbox-agent"].append(measure_ours(server, xserver, args.seconds, args.fps))
            runs["raw frames piped"].append(measure_piped(server.display, xserver, args.width, args.height, args.seconds, args.fps, workdir))
            load.append(os.getloadavg()[0])
        mover.running = False
        mover.join(timeout=5)
    finally:
        for child in children:
            child.terminate()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    medians = {name: {key: statistics.median(run[key] for run in results) for key in results[0]} for name, results in runs.items()}
    rows = [("sustained fps (distinct frames / s)", "fps"), ("CPU % (of one core)", "cpu"), ("X server CPU %", "xcpu"),
            ("CPU ms per frame", "cpu_ms_per_frame"), ("CPU ms per frame with the X server", "total_ms_per_frame"),
            ("file size, MB per minute", "mb_per_min"), ("video duration (s)", "duration")]
    print(f"\nrecording {args.width}x{args.height} at {args.fps} fps, {args.seconds:.0f} s, moving window, median of {args.rounds} "
          f"alternating round(s); load average {' → '.join(f'{value:.1f}' for value in load)}")
    print(f"{'measure':36} " + " ".join(f"{name:>17}" for name in names))
    for label, key in rows:
        print(f"{label:36} " + " ".join(f"{medians[name][key]:17.2f}" for name in names))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"medians": medians, "rounds": runs, "load": load}, f, indent=2)


if __name__ == "__main__":
    main()
