"""The Inspector end to end in headless Chromium against the real binary and its mock agent."""
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from inspector_page import button, find, finds, last_agent_text, new_session, prompt, start_process, texts


def test_token_prompt_and_token_in_address(page, server):
    page.allow_console(r"/v1/health .*401")
    page.open(token=False)
    page.driver.execute_script("sessionStorage.clear()")
    page.driver.refresh()
    page.wait(lambda: finds(page, "#token"), message="token prompt shown")
    page.shot("prompt")
    find(page, "#token").send_keys("wrong")
    button(page, "Connect").click()
    page.wait(lambda: "refused this token" in find(page, ".token-form").text, message="wrong token refused")
    page.shot("refused")
    find(page, "#token").send_keys(page.token)
    button(page, "Connect").click()
    page.wait(lambda: "Connected" in find(page, "#connection").text, message="connected with the typed token")

    page.driver.execute_script("sessionStorage.clear()")
    page.open("#/agents")
    page.wait(lambda: "Connected" in find(page, "#connection").text, message="connected with ?token=")
    assert "token" not in page.driver.current_url, page.driver.current_url
    assert page.driver.execute_script("return sessionStorage.getItem('sandbox-agent-inspector-token')") == page.token
    page.wait(lambda: "mock" in find(page, "table").text, message="agents listed")
    page.shot("agents")


def test_streamed_reply_rendered_as_safe_markdown(page):
    new_session(page)
    page.shot("created")
    prompt(page, "hello **bold** and `code` <img src=x onerror=alert(1)> [bad](javascript:alert(2)) [good](https://example.com/)")
    page.wait(lambda: "example.com" in find(page, ".transcript").text or finds(page, ".item.agent a"), message="echo streamed")
    page.wait(lambda: "Turn ended: end_turn" in find(page, ".transcript").text)
    reply = finds(page, ".item.agent .markdown")[-1]
    assert reply.find_element(By.CSS_SELECTOR, "strong").text == "bold"
    assert reply.find_element(By.CSS_SELECTOR, "code").text == "code"
    assert not reply.find_elements(By.CSS_SELECTOR, "img"), "agent text must never become HTML"
    assert "<img src=x onerror=alert(1)>" in reply.text
    links = reply.find_elements(By.CSS_SELECTOR, "a")
    assert [link.get_attribute("href") for link in links] == ["https://example.com/"], "only http(s) links"
    assert "[bad](javascript:alert(2))" in reply.text
    # The session's usage (the mock counts words) is in the header once the turn ended.
    page.wait(lambda: finds(page, ".session-head .usage") and "tokens in 1 turn" in find(page, ".session-head .usage").text,
              message="usage shown")
    page.shot("reply")


def test_permission_answered_from_the_page(page):
    new_session(page)
    prompt(page, "/permission rm -rf build")
    page.wait(lambda: finds(page, ".item.permission button"), message="permission request shown")
    request = find(page, ".item.permission")
    assert "rm -rf build" in request.text
    assert [b.text for b in request.find_elements(By.CSS_SELECTOR, "button")] == ["Allow once", "Always allow", "Reject", "Always reject"]
    page.shot("asked")
    button(page, "Allow once", request).click()
    page.wait(lambda: "Answered: Allow once" in find(page, ".item.permission").text, message="answer recorded")
    page.wait(lambda: last_agent_text(page) == "Approved.", message="agent went on")
    page.shot("answered")


def test_question_answered_with_a_validated_form(page):
    new_session(page)
    prompt(page, "/ask Which database?")
    page.wait(lambda: finds(page, ".question-form input[value=sqlite]"), message="question form shown")
    find(page, ".question-form input[value=sqlite]").click()
    find(page, ".question-form input[value=backups]").click()
    size = find(page, ".question-form input[type=number]")
    size.send_keys("500")
    button(page, "Answer").click()
    page.wait(lambda: "at most 100" in find(page, ".question-form").text, message="bound checked before sending")
    page.shot("invalid")
    size.clear()
    size.send_keys("5")
    button(page, "Answer").click()
    page.wait(lambda: last_agent_text(page).startswith("You answered:"), message="agent got the answer")
    answer = last_agent_text(page)
    assert '"database":"sqlite"' in answer and '"poolSize":5' in answer and "backups" in answer, answer
    page.shot("answered")


def test_cancel_a_slow_turn(page):
    new_session(page)
    prompt(page, "/slow 400")
    page.wait(lambda: "tick 2" in last_agent_text(page), message="ticks streaming")
    cancel = button(page, "Cancel turn")
    assert cancel.is_enabled()
    page.shot("running")
    cancel.click()
    page.wait(lambda: "Turn ended: cancelled" in find(page, ".transcript").text, message="turn cancelled")
    assert "tick 400" not in last_agent_text(page)
    page.wait(lambda: not button(page, "Cancel turn").is_enabled(), message="cancel disabled after the turn")
    page.shot("cancelled")


def test_tool_call_and_plan(page):
    new_session(page)
    prompt(page, "/tool")
    page.wait(lambda: "Done." in last_agent_text(page), message="tool turn done")
    tool = find(page, ".item.tool")
    assert "Read README.md" in tool.text and "completed" in tool.text
    tool.find_element(By.TAG_NAME, "summary").click()
    page.wait(lambda: "# Mock README" in tool.text, message="tool output shown")
    prompt(page, "/plan")
    page.wait(lambda: len(finds(page, ".item.plan li .badge.completed")) == 3, message="plan completed")
    assert [li.text.split(" ", 1)[1] for li in finds(page, ".item.plan li")] == ["Inspect · high", "Change · medium", "Verify · low"]
    page.shot("tool-and-plan")


def test_session_end_shows_exit_code_and_stderr(page):
    new_session(page)
    prompt(page, "/crash")
    page.wait(lambda: finds(page, ".item.ended"), message="end shown")
    ended = find(page, ".item.ended").text
    assert "the agent exited" in ended and "exit code 3" in ended and "crashing on purpose" in ended, ended
    page.shot("ended")
    # The agent died in the middle of a turn: the server starts it again by itself.
    page.wait(lambda: "Session resumed" in find(page, ".transcript").text, message="resumed")
    page.wait(lambda: find(page, "#prompt").get_attribute("disabled") is None, message="composer enabled again")
    prompt(page, "back again")
    page.wait(lambda: last_agent_text(page) == "back again", message="the resumed agent answers")
    page.shot("resumed")


def test_mode_switch_changes_what_the_agent_does(page):
    new_session(page)
    Select(find(page, "#mode")).select_by_value("bypass")
    prompt(page, "/permission touch x")
    page.wait(lambda: last_agent_text(page) == "Approved.", message="ran without asking")
    assert not finds(page, ".item.permission"), "bypass mode must not ask"
    page.shot("bypass")


def test_process_logs_followed(page):
    start_process(page, "sh -c 'echo to-stdout; echo to-stderr >&2; sleep 1; echo later'", tty=False)
    page.wait(lambda: "later" in find(page, ".logs").text, message="followed output")
    assert find(page, ".logs .stderr").text == "to-stderr\n".strip()
    page.wait(lambda: "exit code 0" in find(page, ".session-head").text, message="exit shown")
    page.shot("logs")


def test_event_inspector_filters_and_shows_json(page):
    session_id = new_session(page)
    prompt(page, "/tool")
    page.wait(lambda: "Done." in last_agent_text(page))
    page.open(f"#/sessions/{session_id}/events")
    page.wait(lambda: len(finds(page, ".event-row")) > 5, message="events listed")
    Select(find(page, "#filter-sender")).select_by_value("server")
    page.wait(lambda: set(texts(page, ".event-row .event-sender")) == {"server"}, message="filtered by sender")
    Select(find(page, "#filter-sender")).select_by_value("all")
    find(page, "#filter-method").send_keys("tool_call_update")
    page.wait(lambda: finds(page, ".event-row") and all("tool_call_update" in t for t in texts(page, ".event-row .event-method")),
              message="filtered by method")
    finds(page, ".event-row")[0].click()
    page.wait(lambda: '"sessionUpdate": "tool_call_update"' in find(page, ".event-json").text, message="JSON shown")
    find(page, ".event-list").send_keys(Keys.ARROW_DOWN)
    page.wait(lambda: find(page, ".event-row[aria-selected=true]").get_attribute("data-position") == "1", message="arrow key moves")
    page.shot("inspector")


def test_terminal_runs_a_command(page):
    start_process(page, "bash --norc --noprofile")
    page.wait(lambda: "connected" in find(page, ".terminal-bar").text, message="terminal connected")
    line = find(page, "#terminal-line")
    line.send_keys("echo answer=$((6*7))", Keys.ENTER)
    page.wait(lambda: "answer=42" in find(page, ".terminal").text.replace("answer=$((6*7))", ""), message="output shown")
    terminal = find(page, ".terminal")
    terminal.click()
    terminal.send_keys("echo typed-$((2+3))", Keys.ENTER)
    page.wait(lambda: "typed-5" in terminal.text, message="keys typed into the terminal")
    page.shot("output")
    line.send_keys("exit 0", Keys.ENTER)
    page.wait(lambda: "exited with code 0" in find(page, ".terminal-bar").text, message="exit reported")
    page.shot("exited")


def test_desktop_starts_and_shows_its_picture(page):
    try:
        page.open("#/desktop")
        page.wait(lambda: finds(page, ".desktop-facts .badge"), message="status shown")
        button(page, "Start desktop").click()
        page.wait(lambda: page.driver.execute_script(
            "const c = document.querySelector('.desktop-screen'); return c && c.dataset.live === 'stream' && Number(c.dataset.updates) > 0"),
            timeout=60, message="live picture shown from the stream")
        assert "active" in find(page, ".desktop-facts").text
        # A white xterm on the black root window: the live view must show it.
        page.api("POST", "/v1/desktop/launch", {"app": "xterm", "args": ["-bg", "white", "-geometry", "80x24+0+0"], "wait": True})
        page.wait(lambda: page.driver.execute_script("""
            const image = document.querySelector('.desktop-screen');
            const canvas = document.createElement('canvas');
            canvas.width = 32; canvas.height = 32;
            const context = canvas.getContext('2d');
            context.drawImage(image, 0, 0, 160, 160, 0, 0, 32, 32);
            const pixels = context.getImageData(0, 0, 32, 32).data;
            let bright = 0;
            for (let i = 0; i < pixels.length; i += 4) if (pixels[i] > 200 && pixels[i + 1] > 200 && pixels[i + 2] > 200) bright += 1;
            return bright > 256;"""), timeout=30, message="the xterm appears in the live view")
        page.shot("live")
        # Take-over: a click on the picture moves the real pointer to the same screen point.
        screen = page.driver.execute_script("""
            const c = document.querySelector('.desktop-screen'), box = c.getBoundingClientRect();
            return {cssWidth: box.width, cssHeight: box.height};""")
        status = page.api("GET", "/v1/desktop/status")
        width, height = status["resolution"]["width"], status["resolution"]["height"]
        from selenium.webdriver.common.action_chains import ActionChains
        canvas = find(page, ".desktop-screen")
        # A quarter of the picture right of and below its centre: three quarters across and down.
        offset_x, offset_y = screen["cssWidth"] * 0.25, screen["cssHeight"] * 0.25
        ActionChains(page.driver).move_to_element_with_offset(canvas, round(offset_x), round(offset_y)).click().perform()
        expected = (width * 0.75, height * 0.75)
        def pointer_there():
            position = page.api("GET", "/v1/desktop/mouse/position")
            return abs(position["x"] - expected[0]) < width * 0.02 and abs(position["y"] - expected[1]) < height * 0.02
        page.wait(pointer_there, timeout=20, message=f"the click reached the screen near {expected}")
        # Record a few seconds of the screen, stop, and play the recording in the page.
        button(page, "Record").click()
        page.wait(lambda: "recording" in find(page, ".recordings .table").text, message="recording listed")
        page.wait(lambda: page.api("GET", "/v1/desktop/recordings")["recordings"][-1]["bytes"] > 0, timeout=30, message="frames written")
        button(page, "Stop recording").click()
        page.wait(lambda: "completed" in find(page, ".recordings .table").text, timeout=30, message="recording completed")
        button(page, "Play").click()
        page.wait(lambda: page.driver.execute_script("""
            const video = document.querySelector('.recording-player');
            return video && !video.hidden && video.readyState >= 1 && video.duration > 0;"""), timeout=30, message="the video plays in the page")
        page.shot("recording")
    finally:
        page.driver.get("about:blank")
        page.api("POST", "/v1/desktop/stop")


def test_files_browse_view_and_upload(page, server, tmp_path):
    page.open(f"#/files?path={server.workdir}")
    page.wait(lambda: "README.md" in find(page, ".table").text, message="listing")
    button(page, "README.md").click()
    page.wait(lambda: "A file to view." in find(page, ".viewer").text, message="file shown")
    upload = tmp_path / "uploaded.txt"
    upload.write_text("uploaded from the browser\n")
    find(page, "#upload").send_keys(str(upload))
    page.wait(lambda: "uploaded.txt" in find(page, ".table").text, message="upload listed")
    with open(f"{server.workdir}/uploaded.txt") as written:
        assert written.read() == "uploaded from the browser\n"
    page.shot("files")


def test_files_download(page, server, tmp_path):
    Path(server.workdir, "data.bin").write_bytes(bytes(range(256)) * 40)
    page.download_to(tmp_path)
    page.open(f"#/files?path={server.workdir}")
    page.wait(lambda: "data.bin" in find(page, ".table").text, message="listing")
    find(page, "button[aria-label='Download data.bin']").click()
    assert page.downloaded(tmp_path, "data.bin") == bytes(range(256)) * 40
    # From the viewer too.
    button(page, "README.md").click()
    page.wait(lambda: "A file to view." in find(page, ".viewer").text, message="file shown")
    button(page, "Download", within=find(page, ".viewer")).click()
    assert page.downloaded(tmp_path, "README.md") == Path(server.workdir, "README.md").read_bytes()
    page.shot("downloaded")


def test_agent_install_shows_its_progress(page):
    page.open("#/agents")
    row = page.wait(lambda: page.driver.find_element(By.XPATH, "//tr[th[normalize-space()='claude']]"), message="claude listed")
    # Every text the status line shows, however briefly: steps that arrive in one read are set
    # one after the other in one task, so each mutation record's added text is kept, not the
    # text the line holds when the observer runs.
    page.driver.execute_script("""
        const status = arguments[0].querySelector('[role=status]');
        window.installTexts = [];
        new MutationObserver((records) => {
          for (const record of records) for (const node of record.addedNodes) window.installTexts.push(node.textContent);
        }).observe(status, { childList: true, subtree: true });""", row)
    button(page, "Install", within=row).click()
    page.wait(lambda: find(page, "p.status-line").text == "claude: installed 2.1.400", message="claude installed")
    shown = page.driver.execute_script("return window.installTexts")
    assert any(text.startswith("resolving npm @anthropic-ai/claude-code-linux-") for text in shown), shown
    assert any(text.startswith("downloading") and " MB of " in text for text in shown), shown
    page.wait(lambda: "2.1.400" in page.driver.find_element(By.XPATH, "//tr[th[normalize-space()='claude']]/td[2]").text,
              message="the list shows the installed version")
    page.shot("installed")


def test_every_section_loads_without_console_errors(page):
    for fragment in ("#/sessions", "#/agents", "#/desktop", "#/processes", "#/files"):
        page.open(fragment)
        page.wait(lambda: "Connected" in find(page, "#connection").text, message=f"{fragment} connected")
        page.wait(lambda: page.driver.execute_script(
            "return document.querySelector('nav [aria-current=page]')?.getAttribute('href')") == fragment)
    page.open("#/sessions")


def test_without_a_token_no_prompt(page):
    open_server = page.server.__class__(["--no-token", "--storage", "memory"])
    try:
        page.driver.get(f"{open_server.url}/ui/")
        page.wait(lambda: "Connected" in find(page, "#connection").text, message="connected without a token")
        assert not finds(page, "#token") and "Forget token" not in find(page, "#connection").text
        page.wait(lambda: finds(page, "#new-agent option[value=mock]"), message="sessions view shown")
        page.shot("open")
    finally:
        page.driver.get("about:blank")
        open_server.stop()
