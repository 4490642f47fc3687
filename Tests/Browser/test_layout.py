"""The Inspector on laptop screens: at 1280x800 and at 1000 px wide no section runs off the page
sideways (nothing wider than the window that is not inside a scrolling box)."""
import pytest

from inspector_page import find, new_session, prompt, last_agent_text

# Visible elements whose right edge passes the window and that no scrolling or clipping
# ancestor holds: what a reader would have to scroll the whole page sideways to see.
OVERFLOWING = """
const width = document.documentElement.clientWidth;
const clipped = (element) => {
  for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
    if (getComputedStyle(node).overflowX !== 'visible') return true;
  }
  return false;
};
const found = [];
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
  if (clipped(element)) continue;
  found.push(`${element.tagName.toLowerCase()}.${element.className} right=${Math.round(box.right)}`);
}
return { width, scrollWidth: document.documentElement.scrollWidth, found: found.slice(0, 10) };
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
            layout = page.driver.execute_script(OVERFLOWING)
            page.shot(f"{size[0]}-{name}")
            assert layout["scrollWidth"] <= layout["width"], (fragment, layout)
            assert not layout["found"], (fragment, layout)
    finally:
        page.driver.set_window_size(original["width"], original["height"])
