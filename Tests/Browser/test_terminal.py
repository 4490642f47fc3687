"""The terminal of a tty process: reconnecting keeps its output, and its size follows the element."""
import itertools
import re

from inspector_page import find, start_process

# Records every WebSocket the page opens (and the binary messages each received) in
# window.testSockets, so a test can drop a connection the way a network would.
SOCKET_SPY = """
(() => {
  const Native = window.WebSocket;
  window.testSockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      const record = { socket: this, binaryMessages: 0 };
      window.testSockets.push(record);
      this.addEventListener('message', (message) => { if (typeof message.data !== 'string') record.binaryMessages += 1; });
    }
  };
})();
"""


def start_shell(page):
    process_id = start_process(page, "bash --norc --noprofile")
    page.wait(lambda: "connected" == find(page, ".terminal-bar [role=status]").text, message="terminal connected")
    return process_id


def send_line(page, text):
    find(page, "#terminal-line").send_keys(text, "\n")


def terminal_text(page):
    return find(page, ".terminal").text


def test_reconnect_keeps_the_output(page):
    spy = page.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SOCKET_SPY})
    try:
        process_id = start_shell(page)
        send_line(page, "echo before-$((20+1))")
        page.wait(lambda: "before-21" in terminal_text(page), message="first output")
        sockets = page.driver.execute_script("return window.testSockets.filter((r) => r.socket.url.includes('/terminal/ws')).length")
        # The connection drops: the page says so, connects again, and the server's replay redraws
        # the screen (the page clears it on the new connection's first output).
        page.driver.execute_script("window.testSockets.at(-1).socket.close()")
        page.wait(lambda: page.driver.execute_script(
            "return window.testSockets.filter((r) => r.socket.url.includes('/terminal/ws')).length") == sockets + 1,
            message="a new connection")
        page.wait(lambda: find(page, ".terminal-bar [role=status]").text == "connected", message="connected again")
        page.wait(lambda: page.driver.execute_script("return window.testSockets.at(-1).binaryMessages") > 0, message="history replayed")
        page.wait(lambda: "before-21" in terminal_text(page), message="earlier output redrawn")
        send_line(page, "echo after-$((30+1))")
        page.wait(lambda: "after-31" in terminal_text(page), message="the shell answers on the new connection")
        page.shot("reconnected")
        # A reload of the page draws the whole history again.
        page.driver.refresh()
        page.wait(lambda: find(page, ".terminal-bar [role=status]").text == "connected", message="connected after reload")
        page.wait(lambda: "before-21" in terminal_text(page) and "after-31" in terminal_text(page), message="history after reload")
        page.shot("reloaded")
        send_line(page, "exit 0")
        page.wait(lambda: page.api("GET", f"/v1/processes/{process_id}")["status"] == "exited", message="exited")
    finally:
        page.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": spy["identifier"]})
        page.driver.get("about:blank")


FIT = """
const screen = document.querySelector('.terminal');
const style = getComputedStyle(screen);
const context = document.createElement('canvas').getContext('2d');
context.font = `${style.fontSize} ${style.fontFamily}`;
const charWidth = context.measureText('M'.repeat(100)).width / 100;
const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
const lineHeight = parseFloat(style.lineHeight);
return { width: screen.clientWidth - padding, height: screen.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom),
         charWidth, lineHeight };
"""


def stty_size(page, marker):
    send_line(page, f"echo {marker} $(stty size)")
    found = page.wait(lambda: re.search(rf"^{marker} (\d+) (\d+)$", terminal_text(page), re.M), message=f"stty size {marker}")
    return int(found.group(1)), int(found.group(2))


def assert_fits(page, rows, cols):
    fit = page.driver.execute_script(FIT)
    # As many whole lines and characters as the element holds inside its padding.
    assert rows * fit["lineHeight"] <= fit["height"] + 0.5 < (rows + 1) * fit["lineHeight"], (rows, fit)
    assert cols * fit["charWidth"] <= fit["width"] + 0.5 < (cols + 1) * fit["charWidth"], (cols, fit)


def test_terminal_size_follows_the_element(page):
    try:
        process_id = start_shell(page)
        rows, cols = stty_size(page, "first")
        assert_fits(page, rows, cols)
        page.driver.execute_script("""
            const screen = document.querySelector('.terminal');
            Object.assign(screen.style, { flex: 'none', minHeight: '0', height: '220px', width: '430px' });""")
        # The new size is sent when the browser reports the element's resize: ask until it arrived.
        attempts = itertools.count()
        smaller = page.wait(lambda: (lambda size: size if size != (rows, cols) else None)(stty_size(page, f"poll{next(attempts)}")),
                            message="the size changed")
        assert smaller[0] < rows and smaller[1] < cols, (smaller, rows, cols)
        assert_fits(page, *smaller)
        page.shot("resized")
        send_line(page, "exit 0")
        page.wait(lambda: page.api("GET", f"/v1/processes/{process_id}")["status"] == "exited", message="exited")
    finally:
        page.driver.get("about:blank")
