"""The Inspector on laptop screens: at 1280x800 and at 1000 px wide no section runs off the page
sideways (no region of the layout is wider than its box)."""
import pytest

from inspector_page import find, new_session, prompt, last_agent_text

# The page and its regions (the scrolling columns and panes the layout is made of) must not be
# wider than their box: their content would be cut off or need scrolling sideways. Boxes meant to
# scroll sideways (code, JSON, terminals, the event list) are not regions.
REGIONS = "html, main, .sidebar, .content, .transcript, .page, .session-head, .composer, .tabs"
OVERFLOWING = """
const found = [];
for (const region of document.querySelectorAll(arguments[0])) {
  if (!region.getClientRects().length || region.scrollWidth <= region.clientWidth + 1) continue;
  const edge = region.getBoundingClientRect().left + region.clientWidth;
  const widest = [...region.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > edge + 1)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className}`).slice(0, 3);
  found.push(`${region.tagName.toLowerCase()}.${region.className}: ${region.scrollWidth} > ${region.clientWidth} (${widest.join(', ')})`);
}
return found;
"""


@pytest.mark.parametrize("size", [(1280, 800), (1000, 800)], ids=["1280x800", "1000px"])
def test_nothing_overflows_sideways(page, size):
    original = page.driver.get_window_size()
    try:
        page.driver.set_window_size(*size)
        session_id = new_session(page)
        prompt(page, "/tool")
        page.wait(lambda: last_agent_text(page) == "Done.", message="tool turn")
        prompt(page, "a long line without spaces: " + "x" * 400)
        page.wait(lambda: last_agent_text(page).endswith("x" * 400), message="long line echoed")
        for name, fragment, ready in [
            ("conversation", f"#/sessions/{session_id}", ".item.tool"), ("events", f"#/sessions/{session_id}/events", ".event-row"),
            ("new-session", "#/sessions", "#new-agent option[value=mock]"), ("agents", "#/agents", "table tbody tr"),
            ("desktop", "#/desktop", ".desktop-facts .badge"), ("processes", "#/processes", "#process-command"),
            ("files", f"#/files?path={page.server.workdir}", ".table"),
        ]:
            page.open(fragment)
            page.wait(lambda: find(page, ready), message=f"{fragment} drawn")
            if fragment.endswith(session_id):
                find(page, ".item.tool summary").click()  # the tool's input and output, open
            overflowing = page.driver.execute_script(OVERFLOWING, REGIONS)
            page.shot(f"{size[0]}-{name}")
            assert not overflowing, (fragment, overflowing)
    finally:
        page.driver.set_window_size(original["width"], original["height"])
