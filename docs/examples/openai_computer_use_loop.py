#!/usr/bin/env python3
"""An agent loop: OpenAI's computer-use-preview on the sandbox-agent desktop (see docs/computer-use.md).

Start the desktop (here with a terminal on it), then give the program a task:

    curl -X POST http://127.0.0.1:2468/v1/desktop/start \\
         -H 'content-type: application/json' -d '{"width": 1440, "height": 900}'
    curl -X POST http://127.0.0.1:2468/v1/desktop/launch \\
         -H 'content-type: application/json' -d '{"app": "xterm", "wait": true}'
    OPENAI_API_KEY=sk-... python3 openai_computer_use_loop.py "In the terminal, run uname -r and tell me the kernel version"

Environment: SANDBOX_AGENT_URL (default http://127.0.0.1:2468), SANDBOX_AGENT_TOKEN (when the
server has a token), OPENAI_API_KEY and MAX_STEPS (default 30). Python 3 standard library only.

The loop forwards every `computer_call` item to POST /v1/desktop/computer-use/openai unchanged
and sends the `computer_call_output` it gets back as the next input. `run(task, model=...)` takes
the model call as a function, so the loop can be tried without the OpenAI API.
"""
import json
import os
import sys
import urllib.error
import urllib.request

SANDBOX_URL = os.environ.get("SANDBOX_AGENT_URL", "http://127.0.0.1:2468").rstrip("/")
SANDBOX_TOKEN = os.environ.get("SANDBOX_AGENT_TOKEN")
MAX_STEPS = int(os.environ.get("MAX_STEPS", "30"))
COMPUTER_USE = "/v1/desktop/computer-use/openai"


def http_json(method, url, body=None, headers=None):
    """Sends `body` as JSON; returns (status, decoded answer). Error statuses are returned too."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"content-type": "application/json", **(headers or {})}
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        text = error.read().decode(errors="replace")
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, {"detail": text}


def sandbox(method, body=None):
    """GET or POST the computer-use route of sandbox-agent."""
    headers = {"authorization": f"Bearer {SANDBOX_TOKEN}"} if SANDBOX_TOKEN else {}
    return http_json(method, SANDBOX_URL + COMPUTER_USE, body, headers)


def call_model(request):
    """One request to the OpenAI Responses API; returns the decoded response."""
    headers = {"authorization": f"Bearer {os.environ['OPENAI_API_KEY']}"}
    status, answer = http_json("POST", "https://api.openai.com/v1/responses", request, headers)
    if status != 200:
        raise SystemExit(f"OpenAI API: {status} {json.dumps(answer)}")
    return answer


def acknowledge(checks):
    """Asks the person at the terminal to confirm the model's pending safety checks."""
    for check in checks:
        print(f"safety check {check.get('code')}: {check.get('message')}", file=sys.stderr)
    if input("Proceed? [y/N] ").strip().lower() != "y":
        raise SystemExit("stopped at a safety check")
    return checks


def run(task, model=call_model, max_steps=MAX_STEPS):
    """Runs the task until the model stops calling the computer; returns its last response."""
    status, tool = sandbox("GET")  # the tool definition, sized for the model's screen
    if status != 200:
        raise SystemExit(f"GET {COMPUTER_USE}: {status} {tool.get('detail', tool)}")
    request = {"model": "computer-use-preview", "tools": [tool], "truncation": "auto",
               "input": [{"role": "user", "content": task}]}
    for step in range(1, max_steps + 1):
        response = model(request)
        calls = [item for item in response["output"] if item["type"] == "computer_call"]
        for item in response["output"]:
            if item["type"] == "message":
                print("".join(part.get("text", "") for part in item["content"]))
        if not calls:
            return response
        outputs = []
        for call in calls:
            print(f"step {step}: {json.dumps(call['action'])}", file=sys.stderr)
            checks = acknowledge(call["pending_safety_checks"]) if call.get("pending_safety_checks") else None
            status, output = sandbox("POST", call)
            if status == 400:  # an invalid action, nothing ran: show the model the screen as it is
                print(f"  invalid: {output.get('detail')}", file=sys.stderr)
                screenshot = {"type": "computer_call", "call_id": call["call_id"], "action": {"type": "screenshot"}}
                status, output = sandbox("POST", screenshot)
            if status != 200:  # the desktop is not running, broke, or the token is wrong: stop
                raise SystemExit(f"POST {COMPUTER_USE}: {status} {output.get('detail', output)}")
            if checks:
                output["acknowledged_safety_checks"] = checks
            outputs.append(output)
        request = {"model": "computer-use-preview", "tools": [tool], "truncation": "auto",
                   "previous_response_id": response["id"], "input": outputs}
    raise SystemExit(f"stopped after {max_steps} steps (MAX_STEPS)")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    if not os.environ.get("OPENAI_API_KEY"):
        raise SystemExit("set OPENAI_API_KEY")
    run(" ".join(sys.argv[1:]))
