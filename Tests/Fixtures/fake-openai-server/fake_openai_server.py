#!/usr/bin/env python3
"""A fake OpenAI Responses API for driving the real Codex CLI in tests.

    fake_openai_server.py [--port 0] [--log requests.jsonl]

Prints {"port": N} on its first stdout line once listening. Serves POST /v1/responses as an SSE
stream (response.created, response.output_item.added, response.output_text.delta,
response.output_item.done, response.completed); every request body is appended to the log as one
JSON line ({"path", "body"}), so tests can check what the CLI sent (model, history, tools).
Other paths (GET /v1/models, …) answer 404, which Codex tolerates.

The "model" is a set of deterministic rules on the conversation, so a test steers it with the
prompt text:
  - the input ends with a function_call_output      -> text "Tool said: <first output line>"
    (developer messages after it, such as Codex's note of a saved command prefix, do not count)
    (for a request_user_input call: text "Answer received: <the output verbatim>", i.e. the
    {"answers": {...}} JSON Codex hands back)
  - "please run: CMD"                               -> an exec_command call; require_escalated (so
                                                       Codex asks first) unless the turn's sandbox is
                                                       danger-full-access
  - "please run in the sandbox: CMD"                -> an exec_command call without escalation (Codex
                                                       runs it in its sandbox, or as its mode says)
  - "please patch PATH: CONTENT"                    -> an apply_patch (through exec_command) adding PATH
  - a prompt starting "please ask:"                 -> a request_user_input call with one question, id
                                                       "database" ("Which database should I use?",
                                                       options Postgres / SQLite); Codex only carries
                                                       it out (item/tool/requestUserInput to the
                                                       client) with `app-server --enable
                                                       default_mode_request_user_input` or in Plan mode
  - "please use the desktop: click X Y"              -> computer use through the MCP server named
                                                       "desktop" (Codex offers its tools in the
                                                       namespace mcp__desktop): a screenshot call, then
                                                       on its output a click call with {"x": X, "y": Y},
                                                       then on that output text "Clicked X Y: <first
                                                       output line>"; without such tools, text "No
                                                       desktop tools: <the tool names it has>"
  - "please stall"                                  -> one text chunk, then waits up to 60 s (cancel tests)
  - "please fail"                                   -> HTTP 400 with an OpenAI error body
  - "please stream N words at R/s"                  -> text "w1 w2 … wN", one text delta per word, R deltas
                                                       per second (backpressure tests)
  - anything else                                   -> text "Echo #N: <text>", N = user text turns so far
Standard library only.
"""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fake_provider import LoggingHandler, paced, serve, streamed_words, text_pieces  # noqa: E402  (Tests/Fixtures/fake_provider.py)


def text_of(item):
    content = item.get("content")
    if isinstance(content, str):
        return content
    return "\n".join(part.get("text", "") for part in content or [] if part.get("type") in ("input_text", "output_text", "text"))


def user_turns(items):
    """The user messages typed by the user (not Codex's injected context blocks)."""
    turns = []
    for item in items:
        if item.get("type", "message") != "message" or item.get("role") != "user":
            continue
        text = text_of(item)
        if text.lstrip().startswith("<") and text.rstrip().endswith(">"):
            continue  # <environment_context>, <user_instructions>, … injected by Codex
        turns.append(text)
    return turns


def sandbox_mode(body):
    """The turn's sandbox mode, from the metadata Codex attaches to every request."""
    metadata = (body.get("client_metadata") or {}).get("x-codex-turn-metadata")
    try:
        return json.loads(metadata).get("sandbox_mode") if metadata else None
    except ValueError:
        return None


def tool_summary(output):
    """The first line of a tool's output. exec_command results carry a header (Chunk ID, Wall time,
    Process exited with code N, Output:) before the output; an empty output is summarised by the
    exit line."""
    header, _, body = output.rpartition("\nOutput:\n")  # apply_patch nests one output in another
    lines = [line.strip() for line in (body if _ else output).splitlines() if line.strip()]
    if lines:
        return lines[0][:200]
    exits = [line.strip() for line in header.splitlines() if line.startswith("Process exited")]
    return exits[0] if exits else ""


def output_of(item):
    """A function_call_output's output as text (Codex sends a string, or content parts)."""
    output = item.get("output")
    if isinstance(output, dict):
        output = output.get("content") or output.get("output") or json.dumps(output)
    if isinstance(output, list):
        output = "\n".join(part.get("text", "") for part in output if isinstance(part, dict))
    return str(output or "")


def call_name(items, call_id):
    """The name of the function call with this call_id in the history."""
    for item in items:
        if item.get("type") in ("function_call", "custom_tool_call") and item.get("call_id") == call_id:
            return item.get("name")
    return None


DESKTOP_PROMPT = re.compile(r"please use the desktop: click (-?\d+) (-?\d+)")


def tools_offered(body):
    """(namespace, name) of every tool the request offers: plain functions (namespace None), and
    the functions inside a namespace (Codex offers an MCP server's tools as namespace
    mcp__<server>)."""
    offered = []
    for tool in body.get("tools", []):
        if tool.get("type") == "namespace":
            offered += [(tool.get("name"), nested.get("name")) for nested in tool.get("tools", [])]
        elif tool.get("name"):
            offered.append((None, tool["name"]))
    return offered


def desktop_step(body, items, click):
    """The next step of "please use the desktop: click X Y" (see the module docstring)."""
    offered = tools_offered(body)

    def find(tool):
        return next((entry for entry in offered if entry == ("mcp__desktop", tool) or entry[1] == f"mcp__desktop__{tool}"), None)
    screenshot, clicker = find("screenshot"), find("click")
    if not screenshot or not clicker:
        names = [f"{namespace}.{name}" if namespace else name for namespace, name in offered]
        return ("text", "No desktop tools: " + (", ".join(name for name in names if "mcp" in name) or "none"))
    last = items[-1] if items else {}
    if last.get("type") == "function_call_output":
        called = call_name(items, last.get("call_id"))
        if called == screenshot[1]:
            return ("call", clicker[1], {"x": click[0], "y": click[1]}, clicker[0])
        if called == clicker[1]:
            return ("text", f"Clicked {click[0]} {click[1]}: " + tool_summary(output_of(last)))
    return ("call", screenshot[1], {}, screenshot[0])


ASK_QUESTIONS = [{"id": "database", "header": "Database", "question": "Which database should I use?",
                  "options": [{"label": "Postgres", "description": "server"}, {"label": "SQLite", "description": "embedded"}]}]


def decide(body):
    """("text", text) | ("call", name, arguments[, namespace]) | ("stall", text) | ("fail", message)
    | ("words", pieces, rate)."""
    items = body.get("input", [])
    if isinstance(items, str):
        items = [{"type": "message", "role": "user", "content": items}]
    # Codex may add a developer note after a tool's output ("Approved command prefix saved").
    answered = [item for item in items if not (item.get("type") == "message" and item.get("role") == "developer")]
    last = answered[-1] if answered else {}
    turns = user_turns(items)
    desktop = DESKTOP_PROMPT.search(turns[-1] if turns else "")
    if desktop:
        return desktop_step(body, items, (int(desktop.group(1)), int(desktop.group(2))))
    if last.get("type") in ("function_call_output", "custom_tool_call_output"):
        output = output_of(last)
        if call_name(items, last.get("call_id")) == "request_user_input":
            return ("text", "Answer received: " + output)
        return ("text", "Tool said: " + tool_summary(output))
    turns = user_turns(items)
    prompt = turns[-1] if turns else ""
    if prompt.lstrip().startswith("please ask:"):
        return ("call", "request_user_input", {"questions": ASK_QUESTIONS})
    match = re.search(r"please run in the sandbox: (.+)", prompt)
    if match:
        return ("call", "exec_command", {"cmd": match.group(1).strip()})
    match = re.search(r"please run: (.+)", prompt)
    if match:
        arguments = {"cmd": match.group(1).strip()}
        if sandbox_mode(body) != "danger-full-access":  # like a real model: escalate only inside a sandbox
            arguments.update({"sandbox_permissions": "require_escalated", "justification": "Run the requested command?"})
        return ("call", "exec_command", arguments)
    match = re.search(r"please patch (\S+): (.+)", prompt, re.S)
    if match:
        patch = f"*** Begin Patch\n*** Add File: {match.group(1)}\n+{match.group(2).strip()}\n*** End Patch\n"
        return ("call", "exec_command", {"cmd": f"apply_patch <<'EOF'\n{patch}EOF\n"})
    if "please fail" in prompt:
        return ("fail", "the fake model refuses this request")
    if "please stall" in prompt:
        return ("stall", "Thinking about it")
    words = streamed_words(prompt)
    if words:
        return words
    visible = prompt.strip().splitlines()[-1] if prompt.strip() else ""
    return ("text", f"Echo #{len(turns)}: {visible}")


class Handler(LoggingHandler):
    def do_POST(self):
        body = self.read_logged_body()
        if not self.path.rstrip("/").endswith("/responses"):
            return self.do_GET()
        number = self.next_number()
        answer = decide(body)
        if answer[0] == "fail":
            error = {"message": answer[1], "type": "invalid_request_error", "code": None, "param": None}
            return self.send_json({"error": error}, status=400)
        self.stream(body, answer, number)

    def stream(self, body, answer, number):
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.end_headers()
        self.close_connection = True
        sequence = iter(range(1_000_000))

        def event(name, data):
            data = {"type": name, "sequence_number": next(sequence), **data}
            self.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
            self.wfile.flush()

        response_id = f"resp_{number:04d}"
        model = body.get("model", "fake")
        event("response.created", {"response": {"id": response_id, "object": "response", "model": model, "status": "in_progress", "output": []}})
        if answer[0] == "call":
            item = {"type": "function_call", "id": f"fc_{number:04d}", "call_id": f"call_{number:04d}", "name": answer[1],
                    "arguments": json.dumps(answer[2]), "status": "completed"}
            if len(answer) > 3 and answer[3]:
                item["namespace"] = answer[3]  # a function inside a namespace tool
            event("response.output_item.added", {"output_index": 0, "item": {**item, "arguments": "", "status": "in_progress"}})
            event("response.function_call_arguments.delta", {"output_index": 0, "item_id": item["id"], "delta": item["arguments"]})
            event("response.function_call_arguments.done", {"output_index": 0, "item_id": item["id"], "arguments": item["arguments"]})
            event("response.output_item.done", {"output_index": 0, "item": item})
        else:
            pieces, rate = text_pieces(answer)
            text = "".join(pieces)
            message_id = f"msg_{number:04d}"
            event("response.output_item.added", {"output_index": 0, "item": {
                "type": "message", "id": message_id, "role": "assistant", "status": "in_progress", "content": []}})
            event("response.content_part.added", {"output_index": 0, "item_id": message_id, "content_index": 0,
                                                  "part": {"type": "output_text", "text": "", "annotations": []}})
            for piece in paced(pieces, rate):
                event("response.output_text.delta", {"output_index": 0, "item_id": message_id, "content_index": 0, "delta": piece})
            if answer[0] == "stall":
                deadline = time.time() + 60
                try:
                    while time.time() < deadline:
                        time.sleep(0.2)
                        self.wfile.write(b": keep-alive\n\n")
                        self.wfile.flush()
                except OSError:
                    return  # the client went away (interrupted)
            event("response.output_text.done", {"output_index": 0, "item_id": message_id, "content_index": 0, "text": text})
            event("response.output_item.done", {"output_index": 0, "item": {
                "type": "message", "id": message_id, "role": "assistant", "status": "completed",
                "content": [{"type": "output_text", "text": text, "annotations": []}]}})
        event("response.completed", {"response": {
            "id": response_id, "object": "response", "model": model, "status": "completed",
            "usage": {"input_tokens": 10, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 5,
                      "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 15}}})


if __name__ == "__main__":
    serve(Handler, "Fake OpenAI Responses API for tests")
