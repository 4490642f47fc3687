#!/usr/bin/env python3
"""An agent loop: Claude's computer tool on the sandbox-agent desktop (see docs/computer-use.md).

Start the desktop (here with a terminal on it), then give the program a task:

    curl -X POST http://127.0.0.1:2468/v1/desktop/start \\
         -H 'content-type: application/json' -d '{"width": 1440, "height": 900}'
    curl -X POST http://127.0.0.1:2468/v1/desktop/launch \\
         -H 'content-type: application/json' -d '{"app": "xterm", "wait": true}'
    ANTHROPIC_API_KEY=sk-ant-... python3 anthropic_computer_use_loop.py "In the terminal, run uname -r and tell me the kernel version"

Environment: SANDBOX_AGENT_URL (default http://127.0.0.1:2468), SANDBOX_AGENT_TOKEN (when the
server has a token), ANTHROPIC_API_KEY, ANTHROPIC_MODEL (default claude-sonnet-4-5) and
MAX_STEPS (default 30). Python 3 standard library only.

The loop forwards every `computer` tool_use input to POST /v1/desktop/computer-use/anthropic
unchanged and sends the answer's `content` back as the tool_result. `run(task, model=...)` takes
the model call as a function, so the loop can be tried without the Anthropic API.
"""
import json
import os
import sys
import urllib.error
import urllib.request

SANDBOX_URL = os.environ.get("SANDBOX_AGENT_URL", "http://127.0.0.1:2468").rstrip("/")
SANDBOX_TOKEN = os.environ.get("SANDBOX_AGENT_TOKEN")
MODEL = os.environ.get("ANTHROPIC_MODEL", "claude-sonnet-4-5")
MAX_STEPS = int(os.environ.get("MAX_STEPS", "30"))
COMPUTER_USE = "/v1/desktop/computer-use/anthropic"


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


def call_model(messages, tools):
    """One request to the Anthropic Messages API; returns the decoded message."""
    headers = {
        "x-api-key": os.environ["ANTHROPIC_API_KEY"],
        "anthropic-version": "2023-06-01",
        "anthropic-beta": "computer-use-2025-01-24",
    }
    body = {"model": MODEL, "max_tokens": 4096, "tools": tools, "messages": messages}
    status, answer = http_json("POST", "https://api.anthropic.com/v1/messages", body, headers)
    if status != 200:
        raise SystemExit(f"Anthropic API: {status} {json.dumps(answer)}")
    return answer


def run(task, model=call_model, max_steps=MAX_STEPS):
    """Runs the task until Claude stops asking for the tool; returns its last message."""
    status, tool = sandbox("GET")  # the tool definition, sized for the model's screen
    if status != 200:
        raise SystemExit(f"GET {COMPUTER_USE}: {status} {tool.get('detail', tool)}")
    messages = [{"role": "user", "content": task}]
    for step in range(1, max_steps + 1):
        response = model(messages, [tool])
        messages.append({"role": "assistant", "content": response["content"]})
        for block in response["content"]:
            if block["type"] == "text":
                print(block["text"])
        if response.get("stop_reason") != "tool_use":
            return response
        results = []
        for block in response["content"]:
            if block["type"] != "tool_use":
                continue
            print(f"step {step}: {json.dumps(block['input'])}", file=sys.stderr)
            result = {"type": "tool_result", "tool_use_id": block["id"]}
            status, answer = sandbox("POST", block["input"]) if block["name"] == "computer" else (400, {})
            if status == 200:
                result["content"] = answer["content"]
            elif status == 400:  # an invalid action: tell the model what was wrong, nothing ran
                result.update(is_error=True, content=answer.get("detail", f"unknown tool {block['name']}"))
            else:  # the desktop is not running, broke, or the token is wrong: stop
                raise SystemExit(f"POST {COMPUTER_USE}: {status} {answer.get('detail', answer)}")
            results.append(result)
        messages.append({"role": "user", "content": results})
    raise SystemExit(f"stopped after {max_steps} steps (MAX_STEPS)")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    if not os.environ.get("ANTHROPIC_API_KEY"):
        raise SystemExit("set ANTHROPIC_API_KEY")
    run(" ".join(sys.argv[1:]))
