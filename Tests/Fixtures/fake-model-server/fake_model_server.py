#!/usr/bin/env python3
"""A fake Anthropic Messages API for driving the real Claude Code CLI in tests.

    fake_model_server.py [--port 0] [--log requests.jsonl]

Prints {"port": N} on its first stdout line once listening. Serves POST /v1/messages (streaming
SSE or plain JSON, as requested) and /v1/messages/count_tokens; every request body is appended to
the log as one JSON line ({"path", "body"}), so tests can check what the CLI sent (model,
history, tools).

The "model" is a set of deterministic rules on the conversation, so a test steers it with the
prompt text:
  - the last user message carries a tool_result   -> text "Tool said: <first line of the result>"
    (a result for an AskUserQuestion tool_use     -> text "Answer received: <the whole result text>")
  - "please run: CMD"                             -> a Bash tool_use with that command
  - "please write PATH: CONTENT"                  -> a Write tool_use
  - a line starting "please ask:"                 -> an AskUserQuestion tool_use: the single-select
                                                     question ASK_QUESTION (the rest of the line is ignored)
  - a line starting "please ask multi:"           -> the same question with "multiSelect": true
  - "please stall"                                -> one text chunk, then waits up to 60 s (cancel tests)
  - "please stream N words at R/s"                 -> text "w1 w2 … wN", one text delta per word, R deltas
                                                     per second (backpressure tests)
  - a line starting "please use the desktop: click X Y" (X, Y integers): computer use through an MCP
    server named "desktop" (Claude Code offers its tools as mcp__desktop__<tool>), in three steps:
      1. the prompt                               -> an mcp__desktop__screenshot tool_use with input {}
                                                     (if the request's tool list lacks that tool: text
                                                     "No desktop tools: <the mcp__ tool names it has,
                                                     comma-separated, or none>" and the turn ends)
      2. the tool_result for the screenshot       -> an mcp__desktop__click tool_use with {"x": X, "y": Y}
                                                     (X, Y taken again from the prompt in the history)
      3. the tool_result for the click            -> text "Clicked X Y: <the result's first non-blank text
                                                     block, or no text>"
  - anything else                                 -> text "Echo #N: <text>", N = user text turns so far
Standard library only.
"""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fake_provider import LoggingHandler, paced, serve, streamed_words, text_pieces  # noqa: E402  (Tests/Fixtures/fake_provider.py)

# What "please ask:" makes the model put to the user (Claude Code's AskUserQuestion input).
ASK_QUESTION = {
    "question": "Which database should I use?",
    "header": "Database",
    "options": [{"label": "Postgres", "description": "server"}, {"label": "SQLite", "description": "embedded"}],
    "multiSelect": False,
}


def user_turns(messages):
    """The user messages that carry text (not tool results)."""
    turns = []
    for message in messages:
        if message.get("role") != "user":
            continue
        content = message.get("content")
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content or []
        texts = [b.get("text", "") for b in blocks if b.get("type") == "text" and not is_reminder(b)]
        if texts and not any(b.get("type") == "tool_result" for b in blocks):
            turns.append("\n".join(texts))
    return turns


def is_reminder(block):
    return block.get("type") == "text" and block.get("text", "").lstrip().startswith("<system-reminder>")


# "please use the desktop: click X Y" (see the module docstring); the MCP server is named "desktop".
DESKTOP_PROMPT = re.compile(r"^please use the desktop: click (-?\d+) (-?\d+)", re.M)
DESKTOP_SCREENSHOT = "mcp__desktop__screenshot"
DESKTOP_CLICK = "mcp__desktop__click"


def desktop_click(messages):
    """(x, y) from the latest user prompt if it asks to click on the desktop, else None."""
    turns = user_turns(messages)
    match = DESKTOP_PROMPT.search(turns[-1]) if turns else None
    return (int(match.group(1)), int(match.group(2))) if match else None


def first_text(result):
    """The first non-blank text block of a tool_result's content (a string counts as one block), or None."""
    blocks = [{"type": "text", "text": result}] if isinstance(result, str) else result or []
    return next((b["text"] for b in blocks if b.get("type") == "text" and (b.get("text") or "").strip()), None)


def tool_use_name(messages, tool_use_id):
    """The name of the assistant tool_use with this id, if the history has it."""
    for message in messages:
        if message.get("role") == "assistant" and isinstance(message.get("content"), list):
            for block in message["content"]:
                if block.get("type") == "tool_use" and block.get("id") == tool_use_id:
                    return block.get("name")
    return None


def decide(body):
    """What the fake model answers: ("text", text) | ("tool", name, input) | ("stall", text) | ("words", pieces, rate)."""
    messages = body.get("messages", [])
    # The latest user message that is a tool result or real text decides (system reminders are skipped).
    for message in reversed(messages):
        if message.get("role") != "user":
            continue
        content = message.get("content")
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content or []
        results = [b for b in blocks if b.get("type") == "tool_result"]
        if results:
            result = results[-1].get("content")
            text = result if isinstance(result, str) else "\n".join(b.get("text", "") for b in result or [] if b.get("type") == "text")
            name = tool_use_name(messages, results[-1].get("tool_use_id"))
            if name == "AskUserQuestion":
                return ("text", "Answer received: " + text)
            click = desktop_click(messages) if name in (DESKTOP_SCREENSHOT, DESKTOP_CLICK) else None
            if click and name == DESKTOP_SCREENSHOT:
                return ("tool", DESKTOP_CLICK, {"x": click[0], "y": click[1]})
            if click:
                return ("text", f"Clicked {click[0]} {click[1]}: {first_text(result) or 'no text'}")
            return ("text", "Tool said: " + (text.strip().splitlines() or [""])[0][:200])
        if any(b.get("type") == "text" and not is_reminder(b) for b in blocks):
            break
    turns = user_turns(messages)
    prompt = turns[-1] if turns else ""
    match = re.search(r"please run: (.+)", prompt)
    if match:
        return ("tool", "Bash", {"command": match.group(1).strip(), "description": "Run the requested command"})
    match = re.search(r"please write (\S+): (.+)", prompt, re.S)
    if match:
        return ("tool", "Write", {"file_path": match.group(1), "content": match.group(2).strip()})
    match = re.search(r"^please ask( multi)?:", prompt, re.M)
    if match:
        return ("tool", "AskUserQuestion", {"questions": [dict(ASK_QUESTION, multiSelect=bool(match.group(1)))]})
    if "please stall" in prompt:
        return ("stall", "Thinking about it")
    words = streamed_words(prompt)
    if words:
        return words
    if DESKTOP_PROMPT.search(prompt):
        tools = [t.get("name", "") for t in body.get("tools") or [] if isinstance(t, dict)]
        if DESKTOP_SCREENSHOT in tools:
            return ("tool", DESKTOP_SCREENSHOT, {})
        return ("text", "No desktop tools: " + (", ".join(t for t in tools if t.startswith("mcp__")) or "none"))
    visible = prompt.strip().splitlines()[-1] if prompt.strip() else ""
    return ("text", f"Echo #{len(turns)}: {visible}")


class Handler(LoggingHandler):
    def do_POST(self):
        body = self.read_logged_body()
        if "count_tokens" in self.path or not self.path.startswith("/v1/messages"):
            return self.send_json({"input_tokens": 42})
        number = self.next_number()
        answer = decide(body)
        if body.get("stream"):
            self.stream(body, answer, number)
        else:
            self.send_json(self.message(body, answer, number))

    @staticmethod
    def message(body, answer, number):
        if answer[0] == "tool":
            content = [{"type": "tool_use", "id": f"toolu_{number:04d}", "name": answer[1], "input": answer[2]}]
            stop = "tool_use"
        elif answer[0] == "words":
            content = [{"type": "text", "text": "".join(answer[1])}]
            stop = "end_turn"
        else:
            content = [{"type": "text", "text": answer[1]}]
            stop = "end_turn"
        return {"id": f"msg_{number:04d}", "type": "message", "role": "assistant", "model": body.get("model", "fake"),
                "content": content, "stop_reason": stop, "stop_sequence": None, "usage": {"input_tokens": 10, "output_tokens": 5}}

    def stream(self, body, answer, number):
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        self.end_headers()
        self.close_connection = True

        def event(name, data):
            self.wfile.write(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
            self.wfile.flush()

        event("message_start", {"type": "message_start", "message": {
            "id": f"msg_{number:04d}", "type": "message", "role": "assistant", "model": body.get("model", "fake"), "content": [],
            "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 10, "output_tokens": 1}}})
        if answer[0] == "tool":
            event("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {
                "type": "tool_use", "id": f"toolu_{number:04d}", "name": answer[1], "input": {}}})
            event("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {
                "type": "input_json_delta", "partial_json": json.dumps(answer[2])}})
            event("content_block_stop", {"type": "content_block_stop", "index": 0})
            stop = "tool_use"
        else:
            event("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})
            for piece in paced(*text_pieces(answer)):
                event("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}})
            if answer[0] == "stall":
                deadline = time.time() + 60
                try:
                    while time.time() < deadline:
                        time.sleep(0.2)
                        self.wfile.write(b": keep-alive\n\n")
                        self.wfile.flush()
                except OSError:
                    return  # the client went away (interrupted)
            event("content_block_stop", {"type": "content_block_stop", "index": 0})
            stop = "end_turn"
        event("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None}, "usage": {"output_tokens": 5}})
        event("message_stop", {"type": "message_stop"})


if __name__ == "__main__":
    serve(Handler, "Fake Anthropic Messages API for tests")
