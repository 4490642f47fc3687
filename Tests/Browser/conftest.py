"""The Inspector in a real browser: headless Chromium (Debian's chromium + chromium-driver) driven
by Selenium against the real sandbox-agent binary ($SANDBOX_AGENT_BIN, else .build/debug).

One server (with a token) and one browser serve the whole module. Every test saves a screenshot
per step in Tests/Browser/artifacts/, and fails when the page logged a JavaScript console error
(a test expecting one, like the refused token, names it with `allow_console`).
"""
import collections
import importlib.util
import json
import os
import re
import shutil
import tempfile
import threading
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
TOKEN = "inspector-test-token"

# The server launcher of the security suite (one place starts the binary for the Python suites).
_spec = importlib.util.spec_from_file_location("security_conftest", HERE.parent / "Security" / "conftest.py")
_security = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_security)
Server = _security.Server


def browser_path(name, fallbacks):
    for candidate in [os.environ.get(name), *fallbacks]:
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    pytest.fail(f"{fallbacks[0]} is not installed: run scripts/install-deps.sh --test")


@pytest.fixture(scope="module")
def server():
    workdir = tempfile.mkdtemp(prefix="sa-browser-")
    Path(workdir, "README.md").write_text("# Browser test\n\nA file to view.\n")
    # Agents install from a local stand-in for npm, GitHub and the ACP registry.
    distribution = _security.AgentDistribution()
    instance = Server(["--token", TOKEN, "--storage", "memory"], cwd=workdir,
                      env={"SANDBOX_AGENT_DESKTOP_STATE_DIR": os.path.join(workdir, "desktop"), "SANDBOX_AGENT_LOG_HTTP": "1",
                           **distribution.env})
    instance.workdir = workdir
    # The server logs for the whole module: read its pipes, or a full pipe would block it.
    instance.log = collections.deque(maxlen=200)
    for stream in (instance.process.stdout, instance.process.stderr):
        threading.Thread(target=lambda s=stream: instance.log.extend(s), daemon=True).start()
    yield instance
    instance.stop()
    distribution.stop()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = browser_path("CHROMIUM_BIN", ["chromium", "chromium-browser", "google-chrome"])
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,860",
                     "--disable-gpu", "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(browser_path("CHROMEDRIVER_BIN", ["chromedriver"]))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


class Page:
    """The browser at the Inspector: screenshots per step, waits with deadlines, API calls."""

    def __init__(self, driver, server, name):
        self.driver = driver
        self.server = server
        self.name = name
        self.step = 0
        self.allowed_console = []
        self.token = TOKEN

    def open(self, fragment="", token=True):
        query = f"?token={TOKEN}" if token else ""
        self.driver.get(f"{self.server.url}/ui/{query}#{fragment.lstrip('#')}")

    def wait(self, condition, timeout=30, message=""):
        try:
            # Elements are redrawn as events arrive: a stale one is read again on the next poll.
            return WebDriverWait(self.driver, timeout, poll_frequency=0.1,
                                 ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
                                 ).until(lambda _: condition(), message)
        except TimeoutException:
            self.shot(f"timeout-{re.sub(r'[^a-z0-9]+', '-', message.lower())}")
            print("".join(list(self.server.log)[-40:]))
            raise

    def shot(self, label):
        self.step += 1
        ARTIFACTS.mkdir(exist_ok=True)
        self.driver.save_screenshot(str(ARTIFACTS / f"{self.name}-{self.step:02d}-{label}.png"))

    def allow_console(self, pattern):
        self.allowed_console.append(re.compile(pattern))

    def api(self, method, path, body=None):
        text = self.api_bytes(method, path, body).decode()
        return json.loads(text) if text else None

    def api_bytes(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.server.url}{path}", data=data, method=method,
                                         headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read()

    def download_to(self, directory):
        """Files the page saves (a download link) go to `directory`."""
        self.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(directory)})

    def downloaded(self, directory, name, timeout=30):
        """The bytes of `name` once the browser finished saving it in `directory`."""
        path = Path(directory, name)
        self.wait(lambda: path.exists() and not Path(directory, name + ".crdownload").exists(), timeout, f"{name} downloaded")
        return path.read_bytes()


@pytest.fixture
def page(browser, server, request):
    browser.get_log("browser")  # start with an empty console
    instance = Page(browser, server, request.node.name.removeprefix("test_"))
    yield instance
    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    unexpected = [message for message in errors if not any(p.search(message) for p in instance.allowed_console)]
    assert not unexpected, f"JavaScript console errors: {unexpected}"
