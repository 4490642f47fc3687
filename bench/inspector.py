#!/usr/bin/env python3
"""Inspector benchmarks in headless Chromium (Debian's chromium + chromium-driver, Selenium).

  - time to first render of /ui/: navigation start to the page's `inspector:ready` mark (the
    health check answered and the sessions view drawn), against the anchor of the same browser
    loading `/openapi.json` from the same server (navigation start to its load event);
  - time to render a session of at least 10,000 events, in two shapes: "one flooded message"
    (100 turns of tool calls, plans, thoughts and Markdown, then `/flood`: most events are chunks
    of one message) and "many items" (`/tool` turns only: every few events a new prompt, tool call,
    message and turn end, so thousands of elements): the `inspector:session-open` mark to the
    first `inspector:rendered` mark whose detail counts every event, against the anchor of the
    same page fetching the same events (GET …/events, 1,000 a page) and showing them as raw JSON
    in one <pre> (one line per event), both until the result is painted;
  - while each renders, the longest task (PerformanceObserver 'longtask': the main thread busy
    for more than 50 ms, during which the page cannot answer input) and the longest gap between
    two animation frames, for the Inspector and for the anchor.

Medians of --runs fresh navigations; nothing asserts a speed.
"""
import argparse
import shutil
import statistics

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from sessions import Server, count_events

EVENT_TARGET = 10_000

ANCHOR_SCRIPT = """
const [sessionId, total, done] = arguments;
const started = performance.now();
const events = [];
for (let offset = 0; offset < total; ) {
  const page = await (await fetch(`/v1/sessions/${sessionId}/events?offset=${offset}&limit=1000`)).json();
  events.push(...page.items);
  offset = page.nextOffset;
  if (!page.items.length) break;
}
const pre = document.createElement('pre');
pre.textContent = events.map((event) => JSON.stringify(event)).join('\\n');
document.body.replaceChildren(pre);
pre.getBoundingClientRect();
requestAnimationFrame(() => {
  const ended = performance.now();
  // The long task of the drawing itself is reported after it ended: wait a frame more.
  requestAnimationFrame(() => done([ended - started, events.length, window.benchJank(started, ended)]));
});
"""

# Installed in every new document before its scripts: records long tasks and animation frames,
# and `benchJank(from, to)` gives the longest task and the longest frame gap in that window (ms).
JANK_PROBE = """
window.benchLongTasks = [];
window.benchFrames = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.benchLongTasks.push([entry.startTime, entry.duration]);
}).observe({ type: 'longtask' });
// performance.now(), not the frame's timestamp: a frame that waited behind a long task is stamped
// with the time it was due, which hides the wait.
const benchTick = () => { window.benchFrames.push(performance.now()); requestAnimationFrame(benchTick); };
requestAnimationFrame(benchTick);
window.benchJank = (from, to) => {
  const tasks = window.benchLongTasks.filter(([start, duration]) => start + duration > from && start < to);
  const frames = window.benchFrames.filter((time) => time >= from && time <= to);
  let gap = 0;
  for (let i = 1; i < frames.length; i += 1) gap = Math.max(gap, frames[i] - frames[i - 1]);
  return [Math.max(0, ...tasks.map(([, duration]) => duration)), gap];
};
"""


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,860", "--disable-gpu"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": JANK_PROBE})
    return driver


def fill_session(server):
    """A mock session of at least EVENT_TARGET events, of every kind the conversation draws, most
    of them chunks of one flooded message."""
    session = server.create_session()
    for text in ["/tool", "/plan", "/think about the plan", "hello **markdown** with `code`"] * 25:
        server.request("POST", f"/v1/sessions/{session}/prompt", {"prompt": text})
    missing = EVENT_TARGET - count_events(server, session)
    if missing > 0:
        server.request("POST", f"/v1/sessions/{session}/prompt", {"prompt": f"/flood {missing + 10}"})
    return session, count_events(server, session)


def fill_many_items(server):
    """A mock session of at least EVENT_TARGET events made of many separate items: `/tool` turns."""
    session = server.create_session()
    server.request("POST", f"/v1/sessions/{session}/prompt", {"prompt": "/tool"})
    per_turn = count_events(server, session)
    total = per_turn
    while total < EVENT_TARGET:
        for _ in range((EVENT_TARGET - total) // per_turn + 1):
            server.request("POST", f"/v1/sessions/{session}/prompt", {"prompt": "/tool"})
        total = count_events(server, session)
    return session, total


def first_render(driver, base):
    driver.get(f"{base}/ui/#/sessions")
    WebDriverWait(driver, 60, 0.02).until(lambda d: d.execute_script("return performance.getEntriesByName('inspector:ready').length"))
    return driver.execute_script("return performance.getEntriesByName('inspector:ready')[0].startTime")


def anchor_document_load(driver, base):
    driver.get(f"{base}/openapi.json")
    WebDriverWait(driver, 60, 0.02).until(lambda d: d.execute_script("return performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0"))
    return driver.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd")


def session_render(driver, base, session, total):
    driver.get("about:blank")
    driver.get(f"{base}/ui/#/sessions/{session}")
    script = """return (() => {
      const open = performance.getEntriesByName('inspector:session-open')[0];
      const done = performance.getEntriesByName('inspector:rendered').find((m) => m.detail.events >= arguments[0]);
      return open && done ? [open.startTime, done.startTime] : null; })()"""
    WebDriverWait(driver, 300, 0.05).until(lambda d: d.execute_script(script, total) is not None)
    opened, done = driver.execute_script(script, total)
    # A long task is reported once it ended: give the observer a moment (two frames) to deliver.
    driver.set_script_timeout(30)
    driver.execute_async_script("requestAnimationFrame(() => requestAnimationFrame(arguments[0]))")
    longest_task, longest_gap = driver.execute_script("return window.benchJank(arguments[0], arguments[1])", opened, done)
    return done - opened, longest_task, longest_gap


def anchor_raw_json(driver, base, session, total):
    # A page of the same origin without the Inspector's stylesheet: a plain <pre>.
    driver.get(f"{base}/openapi.json")
    driver.set_script_timeout(300)
    elapsed, count, (longest_task, longest_gap) = driver.execute_async_script(ANCHOR_SCRIPT, session, total)
    assert count == total, (count, total)
    return elapsed, longest_task, longest_gap


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/sandbox-agent")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    server = Server(args.binary, "memory")
    driver = browser()
    try:
        base = f"http://127.0.0.1:{server.port}"
        sessions = [("one flooded message", *fill_session(server)), ("many items", *fill_many_items(server))]
        first_render(driver, base)  # warm the browser's process and cache once
        rows = []
        ours = [first_render(driver, base) for _ in range(args.runs)]
        anchor = [anchor_document_load(driver, base) for _ in range(args.runs)]
        rows.append(("first render of /ui/ (median ms)", ours, anchor, "load of /openapi.json"))
        for shape, session, total in sessions:
            ours = [session_render(driver, base, session, total) for _ in range(args.runs)]
            anchor = [anchor_raw_json(driver, base, session, total) for _ in range(args.runs)]
            rows.append((f"render {total} events, {shape} (median ms)", [r[0] for r in ours], [r[0] for r in anchor],
                         "same events as JSON lines <pre>"))
            rows.append(("  longest task while rendering (median ms)", [r[1] for r in ours], [r[1] for r in anchor], "the same, for the <pre>"))
            rows.append(("  longest gap between frames (median ms)", [r[2] for r in ours], [r[2] for r in anchor], "the same, for the <pre>"))
        print(f"{'measure':52} {'inspector':>10} {'anchor':>10}  {'anchor name':32} {'ratio':>6}")
        for name, ours, anchor, anchor_name in rows:
            a, b = statistics.median(ours), statistics.median(anchor)
            ratio = f"{a / b:6.2f}" if b else "     -"
            print(f"{name:52} {a:10.1f} {b:10.1f}  {anchor_name:32} {ratio}")
    finally:
        driver.quit()
        server.stop()


if __name__ == "__main__":
    main()
