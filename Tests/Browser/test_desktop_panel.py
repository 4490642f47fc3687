"""The desktop in the Inspector beyond its live picture: a desktop session's actions with their
screenshots in the transcript, and stopping the desktop from the page."""
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
