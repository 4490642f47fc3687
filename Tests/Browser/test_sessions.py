"""The sessions list and a session's life from the page: create with options, end, resume, and
resume after the server restarted on its SQLite store."""
import re
import shutil
import tempfile
from pathlib import Path

from conftest import TOKEN, Server
from inspector_page import button, find, finds, last_agent_text, new_session, prompt


def session_row(page, session_id):
    return find(page, f".session-list a[href='#/sessions/{session_id}']")


def test_list_shows_status_first_prompt_and_time(page):
    session_id = new_session(page)
    created = page.api("GET", f"/v1/sessions/{session_id}")["createdAt"]
    prompt(page, "list me by this prompt")
    page.wait(lambda: last_agent_text(page) == "list me by this prompt", message="echoed")
    # The list is polled: the first prompt appears as the row's title without a reload.
    page.wait(lambda: session_row(page, session_id).find_element("css selector", ".row-prompt").text == "list me by this prompt",
              message="first prompt in the list")
    row = session_row(page, session_id)
    assert row.get_attribute("aria-current") == "page"
    assert row.find_element("css selector", ".badge").text == "active"
    assert session_id in row.text
    # The creation time, as the browser writes it (toLocaleString), is the server's createdAt.
    shown = page.driver.execute_script("return new Date(arguments[0]).toLocaleString()", created)
    assert shown in row.text, (shown, row.text)
    assert re.search(r"\d{1,2}:\d{2}:\d{2}", shown)
    page.shot("listed")


def test_create_with_mode_model_and_cwd(page, server):
    cwd = Path(server.workdir, "project")
    cwd.mkdir(exist_ok=True)
    session_id = new_session(page, mode="bypass", model="mock-large", cwd=str(cwd))
    session = page.api("GET", f"/v1/sessions/{session_id}")
    assert session["cwd"] == str(cwd)
    assert session["modes"]["currentModeId"] == "bypass"
    assert {o["id"]: o["currentValue"] for o in session["configOptions"]} == {"mode": "bypass", "model": "mock-large"}
    assert str(cwd) in find(page, ".session-head").text
    page.wait(lambda: find(page, "#mode option:checked").get_attribute("value") == "bypass", message="mode shown")
    page.wait(lambda: find(page, "#model option:checked").get_attribute("value") == "mock-large", message="model shown")
    # The agent runs in that directory: a relative write lands there.
    prompt(page, "/write made-here.txt hi")
    page.wait(lambda: finds(page, ".item.tool .badge.completed"), message="written")
    assert (cwd / "made-here.txt").read_text() == "hi"
    page.shot("created")


def test_end_and_resume(page):
    session_id = new_session(page)
    prompt(page, "first turn")
    page.wait(lambda: last_agent_text(page) == "first turn", message="echoed")
    button(page, "End session").click()
    page.wait(lambda: "Session ended because it was ended (deleted)" in find(page, ".transcript").text, message="end shown")
    page.wait(lambda: "ended" in find(page, ".session-head .badge").text, message="header says ended")
    assert page.api("GET", f"/v1/sessions/{session_id}")["status"] == "ended"
    assert find(page, "#prompt").get_attribute("disabled") is not None
    page.wait(lambda: session_row(page, session_id).find_element("css selector", ".badge").text == "ended", message="list says ended")
    page.shot("ended")
    button(page, "Resume").click()
    page.wait(lambda: "Session resumed" in find(page, ".transcript").text, message="resumed")
    page.wait(lambda: find(page, "#prompt").get_attribute("disabled") is None, message="composer enabled")
    assert page.api("GET", f"/v1/sessions/{session_id}")["status"] == "active"
    prompt(page, "second turn")
    page.wait(lambda: last_agent_text(page) == "second turn", message="the resumed agent answers")
    page.shot("resumed")


def test_resume_after_a_server_restart(page):
    data_dir = tempfile.mkdtemp(prefix="sa-browser-restart-")
    # The default store: SQLite in the data directory.
    server = Server(["--token", TOKEN], data_dir=data_dir, cwd=data_dir)
    try:
        page.server = server  # page.open and page.api go to this server now
        session_id = new_session(page)
        prompt(page, "before the restart")
        page.wait(lambda: last_agent_text(page) == "before the restart", message="echoed")
        page.driver.get("about:blank")
        server.stop()
        server = Server(["--token", TOKEN], data_dir=data_dir, cwd=data_dir)
        page.server = server
        page.open(f"#/sessions/{session_id}")
        page.wait(lambda: "before the restart" in find(page, ".transcript").text, message="the stored transcript is shown")
        page.wait(lambda: "ended" in find(page, ".session-head .badge").text, message="ended by the shutdown")
        assert "Session ended because the server shut down" in find(page, ".transcript").text
        page.shot("after-restart")
        button(page, "Resume").click()
        page.wait(lambda: "Session resumed" in find(page, ".transcript").text, message="resumed")
        page.wait(lambda: find(page, "#prompt").get_attribute("disabled") is None, message="composer enabled")
        prompt(page, "after the restart")
        page.wait(lambda: last_agent_text(page) == "after the restart", message="the resumed agent answers")
        page.shot("resumed")
    finally:
        page.driver.get("about:blank")
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)

