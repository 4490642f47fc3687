#!/usr/bin/env python3
"""Inspector benchmarks in headless Chromium (Debian's chromium + chromium-driver, Selenium).

  - time to first render of /ui/: navigation start to the page's `inspector:ready` mark (the
    health check answered and the sessions view drawn), against the anchor of the same browser
    loading `/openapi.json` from the same server (navigation start to its load event);
  - time to render a session of at least 10,000 events (mock agent: `/flood`, tool calls, plans,
    thoughts): the `inspector:session-open` mark to the first `inspector:rendered` mark whose
    detail counts every event, against the anchor of the same page fetching the same events
    (GET …/events, 1,000 a page) and showing them as raw JSON in one <pre> (one line per event),
    both until the result is painted.

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
requestAnimationFrame(() => done([performance.now() - started, events.length]));
"""


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,860", "--disable-gpu"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def fill_session(server):
    """A mock session of at least EVENT_TARGET events, of every kind the conversation draws."""
    session = server.create_session()
    for text in ["/tool", "/plan", "/think about the plan", "hello **markdown** with `code`"] * 25:
        server.request("POST", f"/v1/sessions/{session}/prompt", {"prompt": text})
    missing = EVENT_TARGET - count_events(server, session)
    if missing > 0:
        server.request("POST", f"/v1/sessions/{session}/prompt", {"prompt": f"/flood {missing + 10}"})
    return session, count_events(server, session)


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
      return open && done ? done.startTime - open.startTime : null; })()"""
    WebDriverWait(driver, 300, 0.05).until(lambda d: d.execute_script(script, total) is not None)
    return driver.execute_script(script, total)


def anchor_raw_json(driver, base, session, total):
    # A page of the same origin without the Inspector's stylesheet: a plain <pre>.
    driver.get(f"{base}/openapi.json")
    driver.set_script_timeout(300)
    elapsed, count = driver.execute_async_script(ANCHOR_SCRIPT, session, total)
    assert count == total, (count, total)
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/sandbox-agent")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    server = Server(args.binary, "memory")
    driver = browser()
    try:
        base = f"http://127.0.0.1:{server.port}"
        session, total = fill_session(server)
        first_render(driver, base)  # warm the browser's process and cache once
        rows = []
        ours = [first_render(driver, base) for _ in range(args.runs)]
        anchor = [anchor_document_load(driver, base) for _ in range(args.runs)]
        rows.append(("first render of /ui/ (median ms)", ours, anchor, "load of /openapi.json"))
        ours = [session_render(driver, base, session, total) for _ in range(args.runs)]
        anchor = [anchor_raw_json(driver, base, session, total) for _ in range(args.runs)]
        rows.append((f"render a {total}-event session (median ms)", ours, anchor, "same events as JSON lines <pre>"))
        print(f"{'measure':52} {'inspector':>10} {'anchor':>10}  {'anchor name':30} {'ratio':>6}")
        for name, ours, anchor, anchor_name in rows:
            a, b = statistics.median(ours), statistics.median(anchor)
            print(f"{name:52} {a:10.1f} {b:10.1f}  {anchor_name:30} {a / b:6.2f}")
    finally:
        driver.quit()
        server.stop()


if __name__ == "__main__":
    main()
