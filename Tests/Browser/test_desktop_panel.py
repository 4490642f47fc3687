"""The desktop in the Inspector beyond its live picture: a desktop session's actions with their
screenshots in the transcript, stopping the desktop from the page, the remedy when its programs
are missing, and downloading and deleting a recording."""
from conftest import TOKEN, Server
from inspector_page import button, find, finds, last_agent_text, new_session, prompt


def test_desktop_action_screenshot_inline_then_stop(page):
    try:
        session_id = new_session(page, desktop=True)
        assert page.api("GET", "/v1/desktop/status")["state"] == "active", "a desktop session starts the desktop"
        prompt(page, "/computer screenshot")
        page.wait(lambda: last_agent_text(page).startswith("Desktop screenshot:"), timeout=60, message="the action ran")
        action = page.wait(lambda: find(page, ".item.desktop-action"), message="the action is in the transcript")
        assert "Desktop screenshot" in action.find_element("css selector", "summary").text
        status = page.api("GET", "/v1/desktop/status")
        size = page.wait(lambda: page.driver.execute_script("""
            const image = document.querySelector('.item.desktop-action img.action-shot');
            return image && image.complete && image.naturalWidth > 0 ? [image.naturalWidth, image.naturalHeight] : null;"""),
            timeout=30, message="the screenshot is loaded")
        # The image the agent saw, as the action event describes it.
        events = page.api("GET", f"/v1/sessions/{session_id}/events?limit=1000")["items"]
        shot = next(e["payload"]["params"]["screenshot"] for e in events
                    if e["payload"].get("method") == "_sandboxagent/desktop/action" and e["payload"]["params"].get("screenshot"))
        assert size == [shot["width"], shot["height"]], (size, shot)
        assert 0 < size[0] <= status["resolution"]["width"] and 0 < size[1] <= status["resolution"]["height"], size
        page.shot("action")

        page.open("#/desktop")
        page.wait(lambda: "active" in find(page, ".desktop-facts").text, message="desktop active")
        button(page, "Stop desktop").click()
        page.wait(lambda: page.api("GET", "/v1/desktop/status")["state"] == "inactive", timeout=30, message="stopped")
        page.wait(lambda: "inactive" in find(page, ".desktop-facts").text, message="the page shows it stopped")
        page.wait(lambda: button(page, "Start desktop"), message="start offered again")
        assert find(page, ".desktop-view").get_attribute("hidden") is not None, "no picture of a stopped desktop"
        page.shot("stopped")
    finally:
        page.driver.get("about:blank")
        page.api("POST", "/v1/desktop/stop")


def test_missing_programs_show_the_install_command(page, tmp_path):
    # A server that finds neither Xvfb nor openbox on its PATH.
    empty = tmp_path / "bin"
    empty.mkdir()
    server = Server(["--token", TOKEN, "--storage", "memory"], env={"PATH": str(empty)}, cwd=str(tmp_path))
    page.allow_console(r"/v1/desktop/start .*503")
    try:
        page.server = server
        page.open("#/desktop")
        remedy = page.wait(lambda: find(page, ".desktop-facts .remedy"), message="remedy shown")
        assert "install_required" in find(page, ".desktop-facts").text
        assert "Missing programs: Xvfb, openbox. Install them with:" in remedy.text
        assert remedy.find_element("css selector", "pre").text == "sandbox-agent install desktop --yes"
        assert remedy.get_attribute("role") == "note"
        button(page, "Start desktop").click()
        page.wait(lambda: "Xvfb, openbox" in find(page, ".page > .status-line").text, message="the refused start explained")
        page.shot("remedy")
    finally:
        page.driver.get("about:blank")
        server.stop()


def test_recording_download_and_delete(page, tmp_path):
    try:
        page.api("POST", "/v1/desktop/start", {})
        recording = page.api("POST", "/v1/desktop/recording/start", {})
        page.wait(lambda: page.api("GET", "/v1/desktop/recordings")["recordings"][-1]["bytes"] > 0, message="frames written")
        page.api("POST", "/v1/desktop/recording/stop")
        page.download_to(tmp_path)
        page.open("#/desktop")
        # The table is redrawn on each refresh: the row is found again each time.
        def row():
            return find(page, f"tr[data-recording='{recording['id']}']")
        page.wait(lambda: "completed" in row().text, message="listed as completed")
        button(page, "Download", within=row()).click()
        entry = next(r for r in page.api("GET", "/v1/desktop/recordings")["recordings"] if r["id"] == recording["id"])
        saved = page.downloaded(tmp_path, entry["fileName"])
        assert saved == page.api_bytes("GET", f"/v1/desktop/recordings/{recording['id']}/download")
        assert saved[4:8] == b"ftyp", "an MP4"
        button(page, "Delete", within=row()).click()
        page.wait(lambda: not finds(page, f"tr[data-recording='{recording['id']}']"), message="row removed")
        assert recording["id"] not in [r["id"] for r in page.api("GET", "/v1/desktop/recordings")["recordings"]]
        page.shot("deleted")
    finally:
        page.driver.get("about:blank")
        page.api("POST", "/v1/desktop/stop")
