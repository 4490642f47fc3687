"""A computer-use loop in 40 lines: the model's `computer` actions run on the sandbox-agent desktop
through POST /v1/desktop/computer-use/anthropic; each answer (the settled screen) goes back as the
tool_result. With ANTHROPIC_API_KEY it asks Claude; without, a scripted stub model acts.
    SANDBOX_AGENT_URL=… SANDBOX_AGENT_TOKEN=… ANTHROPIC_API_KEY=… python3 computer_use_loop.py "Open a terminal"
"""
import os
import sys

import httpx
from sandbox_agent import SandboxAgent

SCRIPT = [{"action": "screenshot"}, {"action": "left_click", "coordinate": [640, 400]}, {"action": "type", "text": "hello"}]


def claude(messages, tools):
    headers = {"x-api-key": os.environ["ANTHROPIC_API_KEY"], "anthropic-version": "2023-06-01", "anthropic-beta": "computer-use-2025-01-24"}
    body = {"model": "claude-sonnet-4-5", "max_tokens": 1024, "tools": tools, "messages": messages}
    return httpx.post("https://api.anthropic.com/v1/messages", json=body, headers=headers, timeout=300).json()["content"]


def stub(messages, tools):
    step = sum(1 for m in messages if m["role"] == "assistant")
    return [{"type": "tool_use", "id": f"call_{step}", "name": "computer", "input": SCRIPT[step]}] if step < len(SCRIPT) else [{"type": "text", "text": "Done."}]


with SandboxAgent(os.environ.get("SANDBOX_AGENT_URL", "http://127.0.0.1:2468"), token=os.environ.get("SANDBOX_AGENT_TOKEN")) as sdk:
    if sdk.desktop.status()["state"] != "active":
        sdk.desktop.start()
    size = {"width": 1280, "height": 800}
    tool = sdk.desktop.computer_use_tool("anthropic", **size)
    model = claude if "ANTHROPIC_API_KEY" in os.environ else stub
    messages = [{"role": "user", "content": sys.argv[1] if len(sys.argv) > 1 else "Click the middle of the screen and type hello."}]
    for _ in range(30):
        reply = model(messages, [tool])
        messages.append({"role": "assistant", "content": reply})
        calls = [block for block in reply if block["type"] == "tool_use"]
        if not calls:
            print("".join(block.get("text", "") for block in reply))
            break
        for call in calls:
            print("action:", call["input"])
        results = [{"type": "tool_result", "tool_use_id": call["id"], "content": sdk.desktop.computer_use(call["input"], **size)["content"]} for call in calls]
        messages.append({"role": "user", "content": results})
