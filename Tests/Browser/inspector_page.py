"""What the browser tests do on the Inspector's pages: find elements, create a mock session from
the form, send a prompt, read the agent's last message, start a process from the form."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select


def find(page, selector):
    return page.driver.find_element(By.CSS_SELECTOR, selector)


def finds(page, selector):
    return page.driver.find_elements(By.CSS_SELECTOR, selector)


def button(page, text, within=None):
    root = within or page.driver
    return root.find_element(By.XPATH, f".//button[normalize-space()='{text}']")


def texts(page, selector):
    return [element.text for element in finds(page, selector)]


def new_session(page, **fields):
    """Creates a mock session from the page's form and waits for its conversation."""
    page.open("#/sessions")
    page.wait(lambda: find(page, "#new-agent option[value=mock]"), message="agents listed")
    Select(find(page, "#new-agent")).select_by_value("mock")
    for name, value in fields.items():
        if value is True:
            find(page, f"#new-{name}").click()  # a checkbox
        else:
            find(page, f"#new-{name}").send_keys(value)
    button(page, "Create session").click()
    page.wait(lambda: "#/sessions/sess_" in page.driver.current_url, message="navigated to the session")
    page.wait(lambda: "Session started" in find(page, ".transcript").text, message="session started")
    return page.driver.current_url.rsplit("/", 1)[1]


def prompt(page, text):
    box = find(page, "#prompt")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


def last_agent_text(page):
    messages = texts(page, ".item.agent .markdown")
    return messages[-1] if messages else ""


def start_process(page, command_line, tty=True):
    """Starts a process from the page's form; returns its id once its page is open."""
    page.open("#/processes")
    command = page.wait(lambda: find(page, "#process-command"))
    command.clear()
    command.send_keys(command_line)
    if not tty:
        find(page, "#process-tty").click()
    button(page, "Start").click()
    page.wait(lambda: "#/processes/proc_" in page.driver.current_url, message="navigated to the process")
    return page.driver.current_url.rsplit("/", 1)[1]
