"""The conversation view: thoughts, file edits and the model switch, with the mock agent."""
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from inspector_page import find, finds, last_agent_text, new_session, prompt


def test_thoughts_are_collapsed(page):
    new_session(page)
    prompt(page, "/think about the schema")
    page.wait(lambda: last_agent_text(page) == "about the schema", message="the echo after the thoughts")
    thought = find(page, ".item.thought")
    assert thought.tag_name == "details" and thought.get_attribute("open") is None, "a thought starts collapsed"
    assert not thought.find_element(By.CSS_SELECTOR, ".markdown").is_displayed()
    assert find(page, ".item.thought summary").text == "Thought"
    page.shot("collapsed")
    find(page, ".item.thought summary").click()
    page.wait(lambda: find(page, ".item.thought .markdown").text == "Thinking about about the schema", message="opened")
    page.shot("opened")


def test_an_edit_shows_its_diff(page, server):
    new_session(page)
    # Shift+Enter is a new line in the prompt, Enter sends it.
    find(page, "#prompt").send_keys("/write notes/edit.txt first line", Keys.SHIFT, Keys.ENTER, Keys.SHIFT, "second line", Keys.ENTER)
    page.wait(lambda: finds(page, ".item.tool .badge.completed"), message="the write completed")
    tool = find(page, ".item.tool")
    target = str(Path(server.workdir, "notes/edit.txt"))
    assert f"Write {target}" in tool.text and "edit" in tool.text
    tool.find_element(By.TAG_NAME, "summary").click()
    page.wait(lambda: tool.find_element(By.CSS_SELECTOR, ".diff").is_displayed(), message="diff shown")
    diff = tool.find_element(By.CSS_SELECTOR, ".diff")
    assert diff.find_element(By.TAG_NAME, "h4").text == f"Diff {target}"
    added = [line.text for line in diff.find_elements(By.CSS_SELECTOR, ".add")]
    assert added == ["+ first line", "+ second line"], added
    # A new file: nothing was there, so no line is removed.
    assert not diff.find_elements(By.CSS_SELECTOR, ".del")
    assert Path(target).read_text() == "first line\nsecond line"
    page.shot("diff")


def test_model_switch(page):
    session_id = new_session(page)
    model = page.wait(lambda: find(page, "#model").is_enabled() and find(page, "#model"), message="models offered")
    assert [o.get_attribute("value") for o in Select(model).options] == ["mock-small", "mock-large"]
    assert Select(model).first_selected_option.get_attribute("value") == "mock-small"
    Select(model).select_by_value("mock-large")

    def current_model():
        options = page.api("GET", f"/v1/sessions/{session_id}")["configOptions"]
        return next(option["currentValue"] for option in options if option["id"] == "model")
    page.wait(lambda: current_model() == "mock-large", message="the agent reports the new model")
    # The page shows what the agent reported, also when it is opened again.
    page.driver.refresh()
    page.wait(lambda: Select(find(page, "#model")).first_selected_option.get_attribute("value") == "mock-large",
              message="the page shows the new model")
    prompt(page, "still here")
    page.wait(lambda: last_agent_text(page) == "still here", message="the session goes on")
    page.shot("model")
