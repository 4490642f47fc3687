#!/usr/bin/env python3
"""One computer-use agent step (a left click, then the screenshot the model sees next) through our
server against Anthropic's reference technique, at the same screenshot size, in one run on the
same display.

  - ours: `POST /v1/desktop/computer-use/anthropic` `{"action":"left_click","coordinate":[x,y]}`;
    the answer is the tool result with the settled screenshot already scaled to the model's size
    (the server waits until the screen has been unchanged 150 ms, 2 s at most). Timed: the request,
    the response read and its JSON parsed (the base64 PNG is then what goes to the model).
  - reference (anthropic-quickstarts computer-use-demo, `computer.py`, reproduced locally):
    `xdotool mousemove --sync X Y click 1` with X, Y the model's coordinates scaled to the screen,
    then its fixed 2 s screenshot delay, then `scrot -o FILE` (or `import -window root FILE` when
    scrot is missing), `convert FILE -resize WxH! FILE`, the file read back and base64-encoded.
  - the reference without the 2 s sleep: the tools' own cost per step.

The content is the one `desktop.py` uses (gradient wallpaper with a photo-like patch, two xterms
full of text, xeyes, which redraws when the pointer moves), placed to fit the screen. Variants run
interleaved, round by round, so machine load hits them alike. Every screenshot is checked to be a
PNG of the model's size (from its IHDR). Prints medians, p90 and ratios; asserts nothing on speed.
"""
import argparse
import base64
import binascii
import json
import math
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from desktop import Server, make_wallpaper  # noqa: E402  (the same server start and wallpaper as desktop.py)

REFERENCE_DELAY = 2.0  # computer-use-demo's `_screenshot_delay`: sleep after an action, before its screenshot
PATH = "/v1/desktop/computer-use/anthropic"


def check_prerequisites():
    """Exits naming the Debian packages to install when a tool the reference needs is missing;
    returns the capture tool the reference will use and notes on optional tools."""
    missing = {}
    for program, package in (("xdotool", "xdotool"), ("convert", "imagemagick"), ("display", "imagemagick")):
        if not shutil.which(program):
            missing.setdefault(package, []).append(program)
    capture = "scrot" if shutil.which("scrot") else "import" if shutil.which("import") else None
    if capture is None:
        missing.setdefault("scrot", []).append("scrot (or ImageMagick's import)")
    if missing:
        packages = " ".join(sorted(missing))
        programs = ", ".join(program for names in missing.values() for program in names)
        raise SystemExit(f"missing programs: {programs}\n"
                         f"install the Debian packages: apt-get install -y {packages}\n"
                         f"(all of them: apt-get install -y xdotool scrot imagemagick)")
    notes = []
    if capture == "import":
        notes.append("scrot is missing (Debian package scrot): the reference captures with `import -window root FILE` "
                     "instead; apt-get install -y scrot to measure the reference's own tool")
    absent = [package for program, package in (("xterm", "xterm"), ("xeyes", "x11-apps")) if not shutil.which(program)]
    if absent:
        notes.append(f"no {', '.join(absent)}: the desktop has the wallpaper only "
                     f"(apt-get install -y {' '.join(absent)} for the content desktop.py uses)")
    return capture, notes


def png_size(data):
    """(width, height) from a PNG's IHDR."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def start_content(display, width, height, workdir):
    """desktop.py's content, placed to fit this screen."""
    env = dict(os.environ, DISPLAY=display)
    wallpaper = os.path.join(workdir, "wallpaper.ppm")
    make_wallpaper(wallpaper, width, height)
    # ImageMagick sets the root background; it exits 1 even when it worked, so its status is not checked.
    subprocess.run(["display", "-window", "root", wallpaper], env=env, stderr=subprocess.DEVNULL)
    children = []
    text = "ls -lR /usr/share/doc | head -400; cat /etc/services | head -300"
    if shutil.which("xterm"):
        # xterm's default font is 6x13 pixels a cell.
        columns, rows = max(20, (width // 2 - 40) // 6), max(5, (height - 60) // 13)
        for geometry in (f"{columns}x{rows}+20+20", f"{columns}x{max(5, rows * 2 // 3)}+{width // 2}+{height // 3 - 20}"):
            children.append(subprocess.Popen(["xterm", "-geometry", geometry, "-hold", "-e", "sh", "-c", text], env=env,
                                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    if shutil.which("xeyes"):
        children.append(subprocess.Popen(["xeyes", "-geometry", f"240x160+{max(0, width - 260)}+40"], env=env,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    time.sleep(2.0)  # let the xterms fill; content is static afterwards
    return children


def model_point(index, model_width, model_height):
    """A point inside the model's screen; consecutive indices never give the same point (so
    `xdotool mousemove --sync`, which waits for the pointer to move, never waits forever)."""
    return 20 + (index * 397) % (model_width - 40), 20 + (index * 263) % (model_height - 40)


def summarize(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, math.ceil(len(ordered) * 0.9) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the sandbox-agent binary (release for figures)")
    parser.add_argument("--steps", type=int, default=20, help="steps for ours and for the reference without the sleep")
    parser.add_argument("--anchor-steps", type=int, default=5, help="steps for the reference with its 2 s sleep")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--display-num", type=int, default=130, help="the first display number to try")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    if args.steps < 1 or args.anchor_steps < 1:
        parser.error("--steps and --anchor-steps must be at least 1")

    capture, notes = check_prerequisites()
    for note in notes:
        print("note:", note, file=sys.stderr)

    server = Server(args.binary, args.width, args.height, args.display_num)
    env = dict(os.environ, DISPLAY=server.display)
    workdir = tempfile.mkdtemp(prefix="sa-bench-cu-step-")
    children = []
    samples = {"ours": [], "reference": [], "nosleep": []}
    phases = {name: [] for name in ("xdotool", "capture", "convert", "read+base64")}
    sizes = {"ours": [], "reference": []}
    settled_times = []

    try:
        status, body, _ = server.request("GET", PATH)
        if status != 200:
            raise SystemExit(f"GET {PATH} failed: {status} {body[:300]!r} (a binary without computer use?)")
        tool = json.loads(body)
        model_width, model_height = tool["display_width_px"], tool["display_height_px"]
        children += start_content(server.display, args.width, args.height, workdir)

        def ours(index):
            x, y = model_point(index, model_width, model_height)
            start = time.perf_counter()
            status, body, _ = server.request("POST", PATH, {"action": "left_click", "coordinate": [x, y]})
            result = json.loads(body) if status == 200 else None
            elapsed = (time.perf_counter() - start) * 1000
            if status != 200:
                raise SystemExit(f"POST {PATH} failed: {status} {body[:300]!r}")
            block = result["content"][0]
            if block.get("type") != "image" or block["source"].get("media_type") != "image/png":
                raise SystemExit(f"unexpected tool result: {json.dumps(result)[:300]}")
            png = base64.b64decode(block["source"]["data"], validate=True)
            if png_size(png) != (model_width, model_height):
                raise SystemExit(f"our screenshot is {png_size(png)}, not {model_width}x{model_height}")
            sizes["ours"].append(len(png))
            return elapsed

        def run(argv):
            try:
                subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, timeout=20)
            except subprocess.CalledProcessError as error:
                raise SystemExit(f"{' '.join(argv)} failed ({error.returncode}): {error.stderr.decode(errors='replace')[:300]}")
            except subprocess.TimeoutExpired:
                raise SystemExit(f"{' '.join(argv)} did not finish in 20 s")

        def reference(index, delay, record_phases=False):
            mx, my = model_point(index, model_width, model_height)
            # computer-use-demo's scale_coordinates(API, x, y): round(x / (model width / screen width)).
            x, y = round(mx * args.width / model_width), round(my * args.height / model_height)
            path = os.path.join(workdir, f"screenshot_{uuid.uuid4().hex}.png")
            shot = ["scrot", "-o", path] if capture == "scrot" else ["import", "-window", "root", path]
            marks = [time.perf_counter()]
            run(["xdotool", "mousemove", "--sync", str(x), str(y), "click", "1"])
            marks.append(time.perf_counter())
            if delay:
                time.sleep(delay)
            marks.append(time.perf_counter())
            run(shot)
            marks.append(time.perf_counter())
            run(["convert", path, "-resize", f"{model_width}x{model_height}!", path])
            marks.append(time.perf_counter())
            with open(path, "rb") as f:
                data = base64.b64encode(f.read()).decode()
            marks.append(time.perf_counter())
            elapsed = (marks[-1] - marks[0]) * 1000
            png = binascii.a2b_base64(data)
            if png_size(png) != (model_width, model_height):
                raise SystemExit(f"the reference's screenshot is {png_size(png)}, not {model_width}x{model_height}")
            os.unlink(path)
            if record_phases:
                for name, (a, b) in zip(phases, ((0, 1), (2, 3), (3, 4), (4, 5))):
                    phases[name].append((marks[b] - marks[a]) * 1000)
                sizes["reference"].append(len(png))
            return elapsed

        # Warm up (untimed): the server's first capture and encode, the tools' pages in the page cache.
        base = 3 * (max(args.steps, args.anchor_steps) + 10)
        for index in range(2):
            ours(base + 3 * index)
            reference(base + 3 * index + 1, 0)

        # Interleaved rounds: ours, the reference (while it has steps left), the reference without sleep.
        for round_index in range(max(args.steps, args.anchor_steps)):
            if round_index < args.steps:
                samples["ours"].append(ours(3 * round_index))
            if round_index < args.anchor_steps:
                samples["reference"].append(reference(3 * round_index + 1, REFERENCE_DELAY))
            if round_index < args.steps:
                samples["nosleep"].append(reference(3 * round_index + 2, 0, record_phases=True))
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.kill()
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)

    capture_name = "scrot -o FILE" if capture == "scrot" else "import -window root FILE (scrot missing)"
    ours_median, ours_p90 = summarize(samples["ours"])
    rows = [
        ("ours: `POST /v1/desktop/computer-use/anthropic` left_click (settles: 150 ms quiet, ≤ 2 s)", "ours"),
        (f"reference: `xdotool mousemove --sync X Y click 1`, sleep {REFERENCE_DELAY:g} s, `{capture_name}`, "
         f"`convert -resize {model_width}x{model_height}!`, read + base64", "reference"),
        ("reference without the sleep", "nosleep"),
    ]
    kib = {key: statistics.median(values) / 1024 for key, values in sizes.items() if values}
    print(f"\nComputer-use step: a left click, then the screenshot at {model_width}x{model_height} from a "
          f"{args.width}x{args.height} screen (display {server.display}); reference capture: {capture_name}; "
          f"PNG ours {kib.get('ours', 0):.0f} KiB, reference {kib.get('reference', 0):.0f} KiB")
    print("| variant | steps | median ms | p90 ms | median / ours |")
    print("|---|---:|---:|---:|---:|")
    results = []
    for name, key in rows:
        median, p90 = summarize(samples[key])
        ratio = median / ours_median if ours_median else float("inf")
        print(f"| {name} | {len(samples[key])} | {median:.1f} | {p90:.1f} | {ratio:.2f}x |")
        results.append({"variant": key, "description": name, "steps": len(samples[key]), "median_ms": median,
                        "p90_ms": p90, "ratio_to_ours": ratio, "samples_ms": samples[key]})
    breakdown = ", ".join(f"{name} {statistics.median(values):.1f}" for name, values in phases.items())
    print(f"\nreference without the sleep, medians per part (ms): {breakdown}")
    reference_median = summarize(samples["reference"])[0]
    nosleep_median = summarize(samples["nosleep"])[0]

    def fmt(value):
        return f"{value:.1f}" if value < 1000 else f"{value:.0f}"

    print(f"ours {fmt(ours_median)} ms vs reference {fmt(reference_median)} ms per step: "
          f"{reference_median / ours_median:.1f}x faster (no-sleep reference {fmt(nosleep_median)} ms: "
          f"{nosleep_median / ours_median:.1f}x)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"screen": [args.width, args.height], "model": [model_width, model_height], "capture": capture,
                       "png_kib": kib, "reference_parts_median_ms": {k: statistics.median(v) for k, v in phases.items()},
                       "rows": results}, f, indent=2)


if __name__ == "__main__":
    main()
