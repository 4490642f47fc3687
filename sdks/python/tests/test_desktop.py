"""The desktop: screenshot geometry, a click and typing checked by an X client, computer use,
recordings and the live view."""
import json
import os
import random
import subprocess
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, TOKEN, eventually
from sandbox_agent import SandboxAgentError
from sandbox_agent._websocket import TEXT, Wire, check_handshake_answer, handshake_request, parse_header

PROBE = ROOT / "Tests" / "Fixtures" / "x11-probe" / "x11_probe.py"


@pytest.fixture(scope="module")
def desktop(server):
    from sandbox_agent import SandboxAgent
    with SandboxAgent(server.url, token=TOKEN) as sdk:
        status = sdk.desktop.start(width=800, height=600, displayNum=random.randint(300, 800))
        assert status["state"] == "active"
        yield sdk, status["display"]
        sdk.desktop.stop()


class Probe:
    """x11-probe in record mode: an independent X client that reports the input it receives."""

    def __init__(self, display, geometry):
        self.process = subprocess.Popen(
            ["python3", str(PROBE), "record", "--override-redirect", "--geometry", geometry, "--timeout", "60"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, "DISPLAY": display})
        assert self.next()["event"] == "ready"

    def next(self):
        return json.loads(self.process.stdout.readline())

    def first(self, kind):
        while True:
            event = self.next()
            if event["event"] == kind:
                return event

    def close(self):
        self.process.terminate()
        self.process.wait(10)


def test_screenshot_bytes_and_geometry(desktop):
    sdk, _ = desktop
    shot = sdk.desktop.screenshot()
    assert shot.data.startswith(b"\x89PNG\r\n\x1a\n") and shot.content_type == "image/png"
    assert (shot.screen_width, shot.screen_height, shot.image_width, shot.scale_x) == (800, 600, 800, 1.0)
    region = sdk.desktop.screenshot_region(10, 20, 100, 50, format="jpeg")
    assert (region.region_x, region.region_y, region.image_width, region.content_type) == (10, 20, 100, "image/jpeg")
    assert sdk.desktop.display_info()["resolution"]["width"] == 800


def test_click_and_typing_reach_an_x_client(desktop):
    sdk, display = desktop
    probe = Probe(display, "300x200+100+100")
    try:
        assert sdk.desktop.click(150, 160)["x"] == 150
        press = probe.first("button_press")
        assert (press["button"], press["rootX"], press["rootY"], press["x"], press["y"]) == (1, 150, 160, 50, 60)
        sdk.desktop.type("ok")
        assert probe.first("key_press")["text"] + probe.first("key_press")["text"] == "ok"
    finally:
        probe.close()


def test_actions_clipboard_windows_and_computer_use(desktop):
    sdk, display = desktop
    batch = sdk.desktop.actions([{"type": "move", "x": 5, "y": 6}], screenshot={"format": "png"})
    assert len(batch["results"]) == 1 and batch["screenshot"]["screenWidth"] == 800
    sdk.desktop.set_clipboard("copied")
    assert sdk.desktop.clipboard()["text"] == "copied"
    assert isinstance(sdk.desktop.windows()["windows"], list)
    assert sdk.desktop.computer_use_tool("anthropic", width=400, height=300)["display_width_px"] == 400
    probe = Probe(display, "300x200+100+100")
    try:
        result = sdk.desktop.computer_use({"action": "left_click", "coordinate": [100, 80]}, width=400, height=300)
        assert result["content"][0]["type"] == "image"
        press = probe.first("button_press")
        assert 200 <= press["rootX"] <= 201 and 160 <= press["rootY"] <= 161
    finally:
        probe.close()


def test_recording_is_listed_downloaded_as_mp4_and_deleted(desktop):
    sdk, _ = desktop
    started = sdk.desktop.start_recording(fps=10)
    assert started["status"] == "recording"

    def two_seconds_of_video():
        info = sdk.desktop.recording(started["id"])
        begun = datetime.fromisoformat(info["startedAt"].replace("Z", "+00:00"))
        return info["bytes"] > 0 and datetime.now(timezone.utc) - begun >= timedelta(seconds=2)
    eventually(two_seconds_of_video, what="two seconds of video")
    stopped = sdk.desktop.stop_recording()
    assert (stopped["id"], stopped["status"]) == (started["id"], "completed")
    listed = next(r for r in sdk.desktop.recordings()["recordings"] if r["id"] == started["id"])
    assert listed["durationSeconds"] > 0, listed
    video = sdk.desktop.download_recording(started["id"])
    assert len(video) == listed["bytes"]
    assert video[4:8] == b"ftyp"
    sdk.desktop.delete_recording(started["id"])
    with pytest.raises(SandboxAgentError) as gone:
        sdk.desktop.recording(started["id"])
    assert gone.value.status == 404 and gone.value.problem["status"] == 404 and gone.value.detail
    assert all(r["id"] != started["id"] for r in sdk.desktop.recordings()["recordings"])


def test_live_view_starts_answers_ready_on_its_url_and_stops(desktop):
    sdk, _ = desktop
    assert sdk.desktop.start_stream()["active"] is True
    assert sdk.desktop.stream_status()["active"] is True
    url = sdk.desktop.stream_url(fps=5, control=False)
    parts = urlsplit(url)
    assert (parts.scheme, parts.path) == ("ws", "/v1/desktop/stream/ws")
    assert parse_qs(parts.query) == {"fps": ["5"], "control": ["false"], "access_token": [TOKEN]}
    # A handshake without an Authorization header: the URL's access_token is what authenticates.
    host, port, tls, request, accept = handshake_request(url, {})
    wire = Wire()
    wire.connect(host, port, tls, 30.0)
    try:
        wire.send(request)
        check_handshake_answer(wire.read_head(), accept)
        _, opcode, code, extra = parse_header(wire.read_exactly(2))
        length = int.from_bytes(wire.read_exactly(extra), "big") if extra else code
        ready = json.loads(wire.read_exactly(length))
    finally:
        wire.close()
    assert (opcode, ready["type"], ready["screenWidth"], ready["control"]) == (TEXT, "ready", 800, False)
    assert sdk.desktop.stop_stream()["active"] is False
    assert sdk.desktop.stream_status()["active"] is False


def test_mouse_buttons_drag_scroll_and_keys_reach_an_x_client(desktop):
    sdk, display = desktop
    probe = Probe(display, "300x200+100+100")

    def first(kind, keys=None, predicate=lambda event: True):
        while True:
            event = probe.first(kind)
            if predicate(event):
                return [event[k] for k in keys] if keys else event
    try:
        sdk.desktop.mouse_down(x=150, y=160)
        assert first("button_press", ("button", "rootX", "rootY")) == [1, 150, 160]
        sdk.desktop.mouse_up(x=170, y=180)
        assert first("button_release", ("button", "rootX", "rootY")) == [1, 170, 180]
        sdk.desktop.drag(120, 130, 250, 240)
        assert first("button_press", ("rootX", "rootY")) == [120, 130]
        assert first("button_release", ("rootX", "rootY")) == [250, 240]
        sdk.desktop.scroll(200, 200, delta_y=2)
        assert first("button_press", ("button", "rootX", "rootY")) == [5, 200, 200]
        sdk.desktop.scroll(200, 200, delta_y=-1)
        assert first("button_press", predicate=lambda e: e["button"] != 5)["button"] == 4
        sdk.desktop.press("a")
        assert first("key_press")["text"] == "a"
        sdk.desktop.key_down("b")
        down = first("key_press", predicate=lambda e: e["text"] == "b")
        sdk.desktop.key_up("b")
        assert first("key_release", predicate=lambda e: e["keycode"] == down["keycode"])["keycode"] == down["keycode"]
    finally:
        probe.close()


def test_launched_window_is_focused_moved_and_resized_and_open_starts_a_process(desktop):
    sdk, _ = desktop
    launched = sdk.desktop.launch("python3", args=[str(PROBE), "window", "--title", "sdk-py-launched", "--no-stdin"],
                                  wait=True, waitTimeoutMs=30000)
    window = launched.get("windowId")
    try:
        assert window, launched
        assert sdk.processes.get(launched["processId"])["owner"] == "desktop"
        assert next(w for w in sdk.desktop.windows()["windows"] if w["id"] == window)["title"] == "sdk-py-launched"
        assert sdk.desktop.focus_window(window)["id"] == window
        eventually(lambda: sdk.desktop.focused_window()["id"] == window, 10, "the window to be focused")
        # The corner moved is the frame's; x and y are the content's, inside the decorations.
        moved = sdk.desktop.move_window(window, 150, 120)
        again = sdk.desktop.move_window(window, 200, 170)
        assert (again["x"] - moved["x"], again["y"] - moved["y"]) == (50, 50)
        resized = sdk.desktop.resize_window(window, 320, 240)
        assert (resized["width"], resized["height"]) == (320, 240)
        now = next(w for w in sdk.desktop.windows()["windows"] if w["id"] == window)
        assert (now["x"], now["y"], now["width"], now["height"]) == (again["x"], again["y"], 320, 240)
    finally:
        sdk.processes.kill(launched["processId"], wait_ms=5000)
    opened = sdk.desktop.open(str(ROOT / "README.md"))
    assert sdk.processes.get(opened["processId"])["owner"] == "desktop"
    try:
        sdk.processes.kill(opened["processId"], wait_ms=5000)
    except SandboxAgentError:
        pass  # xdg-open may be gone already


def test_a_screenshot_taken_for_a_session_comes_back_by_id(server, desktop):
    from sandbox_agent import SandboxAgent
    sdk, _ = desktop
    session = sdk.sessions.create("mock")
    with SandboxAgent(server.url, token=TOKEN, headers={"X-Sandbox-Agent-Session": session["id"]}) as for_session:
        shot = for_session.desktop.screenshot(format="png")

    def action():
        return next((e for e in sdk.sessions.events(session["id"], limit=1000)["items"]
                     if e["payload"].get("method") == "_sandboxagent/desktop/action"), None)
    path = eventually(action, 10, "the recorded action")["payload"]["params"]["screenshot"]["path"]
    assert path.startswith(f"/v1/sessions/{session['id']}/screenshots/"), path
    assert sdk.sessions.screenshot(session["id"], path.rsplit("/", 1)[1]) == shot.data
    with pytest.raises(SandboxAgentError) as missing:
        sdk.sessions.screenshot(session["id"], "shot_999999")
    assert missing.value.status == 404
    sdk.sessions.delete(session["id"])
