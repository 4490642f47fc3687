#!/usr/bin/env python3
"""A deterministic, offline ACP v1 agent built on the official Python SDK
(`agent-client-protocol`, package `acp`), for sandbox-agent's interoperability tests.

The SDK does the JSON-RPC framing and dispatch and its schema models shape every message; this
file only scripts behaviour. Prompts are scripted from the first text block (see README.md).
Quirk switches (command-line flags) reproduce misbehaviour seen in real adapters.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from typing import Any

from pydantic import TypeAdapter, ValidationError

import acp
from acp import (
    InitializeResponse,
    NewSessionResponse,
    PromptResponse,
    RequestError,
    run_agent,
    stdio_streams,
    text_block,
    tool_content,
    tool_diff_content,
    tool_terminal_ref,
    update_agent_message,
)
from acp.helpers import start_tool_call, update_available_commands, update_tool_call
from acp.meta import CLIENT_METHODS
from acp.schema import (
    AgentCapabilities,
    AvailableCommand,
    AvailableCommandInput,
    CreateElicitationResponse,
    CreateFormSessionElicitationRequest,
    CreateUrlSessionElicitationRequest,
    EnvVariable,
    Implementation,
    McpCapabilities,
    PermissionOption,
    PromptCapabilities,
    ToolCallLocation,
    ToolCallUpdate,
    UnstructuredCommandInput,
)

VERSION = "1.0.0"
STOP_REASONS = ("end_turn", "max_tokens", "max_turn_requests", "refusal")
PERMISSION_OPTIONS = [
    PermissionOption(option_id="allow-once", name="Allow once", kind="allow_once"),
    PermissionOption(option_id="allow-always", name="Always allow", kind="allow_always"),
    PermissionOption(option_id="reject-once", name="Reject", kind="reject_once"),
    PermissionOption(option_id="reject-always", name="Always reject", kind="reject_always"),
]
COMMANDS = {
    "tool": ("A read-kind tool call that completes", None),
    "permission": ("Run a fake command that needs approval", "command"),
    "read": ("Read a file through fs/read_text_file", "absolute path"),
    "write": ("Write a file through fs/write_text_file", "absolute path and text"),
    "terminal": ("Run a shell line through terminal/*", "shell command"),
    "stop": ("End the turn with the given stop reason", "end_turn|max_tokens|max_turn_requests|refusal"),
    "slow": ("Stream a chunk every 50 ms until done or cancelled", "number of chunks"),
    "crash": ("Exit with status 1 in the middle of the turn", None),
    "big": ("One agent_message_chunk of --big-line bytes", None),
    "elicit": ("Ask the user through elicitation/create (form, or url)", "form|url"),
}
ELICITATION_FORM_SCHEMA = {
    "type": "object",
    "properties": {
        "strategy": {"type": "string", "title": "Strategy", "enum": ["conservative", "aggressive"]},
        "files": {"type": "integer", "title": "Max files", "minimum": 1, "maximum": 50},
        "notes": {"type": "string", "title": "Notes", "maxLength": 40},
    },
    "required": ["strategy"],
}
ELICITATION_RESPONSE = TypeAdapter(CreateElicitationResponse)


def log(message: str) -> None:
    sys.stderr.write(f"fake-acp-agent: {message}\n")
    sys.stderr.flush()


def split_after_spaces(text: str) -> list[str]:
    """"a b c" -> ["a ", "b ", "c"]: every chunk ends after a space, nothing is lost."""
    chunks, current = [], ""
    for character in text:
        current += character
        if character == " ":
            chunks.append(current)
            current = ""
    if current:
        chunks.append(current)
    return chunks


class Turn:
    def __init__(self) -> None:
        self.cancelled = asyncio.Event()


class FakeAgent:
    def __init__(self, options: argparse.Namespace, writer: asyncio.StreamWriter) -> None:
        self.options = options
        self.writer = writer  # the same stdout stream the SDK writes to, for the raw-line quirks
        self.client: Any = None
        self.client_capabilities: Any = None
        self.sessions: dict[str, str] = {}  # sessionId -> cwd
        self.turns: dict[str, Turn] = {}
        self.counters = {"session": 0, "call": 0, "message": 0}
        self.background: set[asyncio.Task[Any]] = set()

    # SDK hook: the connection to the client (our server).
    def on_connect(self, conn: Any) -> None:
        self.client = conn

    def next_id(self, kind: str) -> int:
        self.counters[kind] += 1
        return self.counters[kind]

    def spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def raw_line(self, line: str) -> None:
        """A line the SDK would never write (non-JSON noise), on the same stdout stream."""
        self.writer.write(line.encode("utf-8") + b"\n")
        await self.writer.drain()

    # MARK: client -> agent

    async def initialize(self, protocol_version: int, client_capabilities: Any = None, client_info: Any = None, **_: Any) -> InitializeResponse:
        self.client_capabilities = client_capabilities
        if self.options.stdout_noise:
            await self.raw_line("[fake] starting: this banner is not JSON-RPC")
        return InitializeResponse(
            protocol_version=acp.PROTOCOL_VERSION,
            agent_capabilities=AgentCapabilities(
                load_session=False,
                prompt_capabilities=PromptCapabilities(image=True, audio=False, embedded_context=True),
                mcp_capabilities=McpCapabilities(http=True, sse=False),
            ),
            auth_methods=[],
            agent_info=Implementation(name="fake-acp-agent", title="Fake ACP Agent", version=VERSION),
        )

    async def authenticate(self, method_id: str, **_: Any) -> None:
        return None

    async def new_session(self, cwd: str, mcp_servers: Any = None, **_: Any) -> NewSessionResponse:
        session_id = f"fake-sess-{self.next_id('session')}"
        self.sessions[session_id] = cwd
        self.spawn(self.advertise_commands(session_id))
        return NewSessionResponse(session_id=session_id)

    async def advertise_commands(self, session_id: str) -> None:
        # Like claude-code-acp: the command list follows the session/new response.
        await asyncio.sleep(0.02)
        commands = [
            AvailableCommand(
                name=name, description=description,
                input=AvailableCommandInput(UnstructuredCommandInput(hint=hint)) if hint else None)
            for name, (description, hint) in COMMANDS.items()
        ]
        await self.client.session_update(session_id, update_available_commands(commands))

    async def cancel(self, session_id: str, **_: Any) -> None:
        if self.options.ignore_cancel:
            return
        turn = self.turns.get(session_id)
        if turn:
            turn.cancelled.set()

    async def prompt(self, session_id: str, prompt: list[Any], **_: Any) -> PromptResponse:
        if session_id not in self.sessions:
            raise RequestError(-32002, "Resource not found", {"sessionId": session_id})
        if session_id in self.turns:
            raise RequestError.internal_error({"details": "prompt already in progress"})
        text = next((block.text for block in prompt if getattr(block, "type", None) == "text"), "")
        turn = Turn()
        self.turns[session_id] = turn
        try:
            reason = await self.run_script(session_id, text, turn)
        finally:
            self.turns.pop(session_id, None)
        if turn.cancelled.is_set():
            reason = "end_turn" if self.options.end_turn_on_cancel else "cancelled"
        if self.options.late_updates:
            self.spawn(self.late_update(session_id))
        return PromptResponse(stop_reason=reason)

    async def late_update(self, session_id: str) -> None:
        await asyncio.sleep(0.03)
        await self.say(session_id, "late update", message_id=f"fake-msg-late-{self.next_id('message')}")

    # MARK: scripts

    async def say(self, session_id: str, text: str, message_id: str | None = None) -> None:
        message_id = message_id or f"fake-msg-{self.next_id('message')}"
        chunk = update_agent_message(text_block(text))
        chunk.message_id = message_id
        await self.client.session_update(session_id, chunk)

    async def stream(self, session_id: str, text: str) -> None:
        message_id = f"fake-msg-{self.next_id('message')}"
        for piece in split_after_spaces(text):
            await self.say(session_id, piece, message_id)

    async def run_script(self, session_id: str, text: str, turn: Turn) -> str:
        if not text.startswith("/"):
            await self.stream(session_id, text)
            return "end_turn"
        command, _, argument = text[1:].partition(" ")
        argument = argument.strip()
        if command == "tool":
            return await self.tool(session_id)
        if command == "permission":
            return await self.permission(session_id, argument or "echo hello", turn)
        if command == "read":
            return await self.read(session_id, argument)
        if command == "write":
            path, _, content = argument.partition(" ")
            return await self.write(session_id, path, content)
        if command == "terminal":
            return await self.terminal(session_id, argument or "echo hello")
        if command == "stop":
            if argument not in STOP_REASONS:
                raise RequestError.invalid_params({"details": f"unsupported stop reason {argument!r}"})
            await self.say(session_id, "partial")
            return argument
        if command == "slow":
            return await self.slow(session_id, int(argument or "100"), turn)
        if command == "crash":
            await self.say(session_id, "about to crash")
            log("simulated crash (exit 1)")
            os._exit(1)
        if command == "big":
            await self.say(session_id, "x" * self.options.big_line)
            return "end_turn"
        if command == "elicit":
            return await self.elicit(session_id, "url" if argument == "url" else "form", turn)
        await self.stream(session_id, text)  # an unknown command is echoed like plain text
        return "end_turn"

    def new_call(self) -> str:
        return f"fake-call-{self.next_id('call')}"

    async def tool(self, session_id: str) -> str:
        call = self.new_call()
        path = os.path.join(self.sessions[session_id], "README.md")
        await self.client.session_update(session_id, start_tool_call(
            call, "Read README.md", kind="read", status="pending",
            locations=[ToolCallLocation(path=path, line=1)], raw_input={"file_path": path}))
        await self.client.session_update(session_id, update_tool_call(call, status="in_progress"))
        await self.client.session_update(session_id, update_tool_call(
            call, status="completed", content=[tool_content(text_block("# Fake README\n"))], raw_output={"bytes": 14}))
        await self.say(session_id, "Done.")
        return "end_turn"

    async def permission(self, session_id: str, command: str, turn: Turn) -> str:
        call = self.new_call()
        title = f"`{command}`"
        await self.client.session_update(session_id, start_tool_call(
            call, title, kind="execute", status="pending", raw_input={"command": command}))
        response = await self.client.request_permission(
            session_id=session_id,
            tool_call=ToolCallUpdate(tool_call_id=call, title=title, kind="execute", status="pending", raw_input={"command": command}),
            options=PERMISSION_OPTIONS)
        outcome = response.outcome
        if outcome.outcome == "cancelled" or turn.cancelled.is_set():
            await self.client.session_update(session_id, update_tool_call(
                call, status="failed", content=[tool_content(text_block("Tool use aborted"))]))
            return "cancelled"
        offered = {option.option_id: option.kind for option in PERMISSION_OPTIONS}
        kind = offered.get(outcome.option_id)
        if kind is None:
            log(f"violation: optionId {outcome.option_id!r} was not offered; treated as reject")
        if kind in ("allow_once", "allow_always"):
            await self.client.session_update(session_id, update_tool_call(call, status="in_progress"))
            await self.client.session_update(session_id, update_tool_call(
                call, status="completed", content=[tool_content(text_block(f"ran {command}\n"))], raw_output={"exitCode": 0}))
            await self.say(session_id, "Approved.")
        else:
            await self.client.session_update(session_id, update_tool_call(
                call, status="failed", content=[tool_content(text_block("Permission denied by user"))]))
            await self.say(session_id, "Rejected.")
        return "end_turn"

    def client_offers_elicitation(self, mode: str) -> bool:
        """`clientCapabilities.elicitation.<mode>` was advertised as an object (`{}` is enough).

        The SDK types it (ClientCapabilities.elicitation: ElicitationCapabilities with `form`/`url`),
        so the field survives validation; a missing, null or non-object value reads as None."""
        elicitation = getattr(self.client_capabilities, "elicitation", None)
        return getattr(elicitation, mode, None) is not None

    async def elicit(self, session_id: str, mode: str, turn: Turn) -> str:
        call = self.new_call()
        await self.client.session_update(session_id, start_tool_call(call, "Ask the user", kind="other", status="pending"))
        if not self.client_offers_elicitation(mode):
            await self.client.session_update(session_id, update_tool_call(call, status="failed"))
            await self.say(session_id, "Elicitation not supported by the client.")
            return "end_turn"
        if mode == "url":
            request: Any = CreateUrlSessionElicitationRequest(
                session_id=session_id, mode="url", message="Sign in to continue",
                elicitation_id="elic-1", url="https://example.com/login")
        else:
            request = CreateFormSessionElicitationRequest(
                session_id=session_id, tool_call_id=call, mode="form",
                message="How aggressive should the refactor be?", requested_schema=ELICITATION_FORM_SCHEMA)
        # The SDK's typed `create_elicitation` serialises with exclude_defaults, which drops the
        # schema's `"type": "object"`, and its public raw path (`ext_method`) prefixes the method
        # with `_`; so the model (checked against the schema) goes out through the connection's
        # own send_request (AgentSideConnection._conn), keeping every field.
        params = request.model_dump(mode="json", by_alias=True, exclude_none=True)
        error: RequestError | None = None
        try:
            raw = await self.client._conn.send_request(CLIENT_METHODS["elicitation_create"], params)
        except RequestError as failure:
            error = failure
        if turn.cancelled.is_set():
            # session/cancel arrived while the question was open: the client must still answer it
            # (normally `cancel`); whatever the answer, the turn ends cancelled, like /permission.
            await self.client.session_update(session_id, update_tool_call(call, status="failed"))
            return "cancelled"
        if error is not None:
            await self.client.session_update(session_id, update_tool_call(call, status="failed"))
            await self.say(session_id, f"Elicitation failed ({error.code}).")
            return "end_turn"
        try:
            response = ELICITATION_RESPONSE.validate_python(raw)
        except ValidationError:
            log(f"violation: elicitation/create result {raw!r} is not an ElicitationResponse")
            await self.client.session_update(session_id, update_tool_call(call, status="failed"))
            await self.say(session_id, "Elicitation failed (invalid result).")
            return "end_turn"
        if response.action == "accept":
            await self.client.session_update(session_id, update_tool_call(call, status="completed"))
            if mode == "url":
                await self.say(session_id, "URL accepted.")
                await self.client.complete_elicitation(elicitation_id="elic-1")
            else:
                content = json.dumps(response.content, sort_keys=True, separators=(",", ":"))
                await self.say(session_id, f"Accepted: {content}")
            return "end_turn"
        await self.client.session_update(session_id, update_tool_call(call, status="failed"))
        if response.action == "decline":
            await self.say(session_id, "Declined.")
        elif response.action == "cancel":
            await self.say(session_id, "Cancelled.")
        else:
            log(f"violation: unknown elicitation action {response.action!r}")
            await self.say(session_id, f"Unknown action {response.action}.")
        return "end_turn"

    async def read(self, session_id: str, path: str) -> str:
        call = self.new_call()
        await self.client.session_update(session_id, start_tool_call(
            call, f"Read {path}", kind="read", status="pending",
            locations=[ToolCallLocation(path=path, line=1)], raw_input={"file_path": path}))
        try:
            result = await self.client.read_text_file(session_id=session_id, path=path)
        except RequestError as error:
            await self.client.session_update(session_id, update_tool_call(
                call, status="failed", content=[tool_content(text_block(f"read failed: {error}"))]))
            await self.say(session_id, f"Read failed ({error.code}).")
            return "end_turn"
        await self.client.session_update(session_id, update_tool_call(
            call, status="completed", content=[tool_content(text_block(result.content))]))
        await self.say(session_id, result.content)
        return "end_turn"

    async def write(self, session_id: str, path: str, content: str) -> str:
        call = self.new_call()
        diff = [tool_diff_content(path, content, None)]
        await self.client.session_update(session_id, start_tool_call(
            call, f"Write {path}", kind="edit", status="pending", content=diff,
            locations=[ToolCallLocation(path=path)], raw_input={"file_path": path, "content": content}))
        await self.client.session_update(session_id, update_tool_call(call, status="in_progress"))
        try:
            await self.client.write_text_file(session_id=session_id, path=path, content=content)
        except RequestError as error:
            await self.client.session_update(session_id, update_tool_call(
                call, status="failed", content=[tool_content(text_block(f"write failed: {error}"))]))
            await self.say(session_id, f"Write failed ({error.code}).")
            return "end_turn"
        await self.client.session_update(session_id, update_tool_call(call, status="completed", content=diff))
        await self.say(session_id, f"Wrote {len(content.encode('utf-8'))} bytes.")
        return "end_turn"

    async def terminal(self, session_id: str, command: str) -> str:
        call = self.new_call()
        await self.client.session_update(session_id, start_tool_call(
            call, f"`{command}`", kind="execute", status="pending", raw_input={"command": command}))
        # claude-code-acp style: the whole shell line in `command`, no args, no cwd.
        created = await self.client.create_terminal(
            session_id=session_id, command=command, env=[EnvVariable(name="FAKE_ACP", value="1")], output_byte_limit=32000)
        terminal_id = created.terminal_id
        await self.client.session_update(session_id, update_tool_call(
            call, status="in_progress", content=[tool_terminal_ref(terminal_id)]))
        exited = await self.client.wait_for_terminal_exit(session_id=session_id, terminal_id=terminal_id)
        output = await self.client.terminal_output(session_id=session_id, terminal_id=terminal_id)
        await self.client.release_terminal(session_id=session_id, terminal_id=terminal_id)
        await self.client.session_update(session_id, update_tool_call(
            call, status="completed" if exited.exit_code == 0 else "failed",
            content=[tool_terminal_ref(terminal_id), tool_content(text_block(output.output))],
            raw_output={"exitCode": exited.exit_code}))
        await self.say(session_id, output.output)
        return "end_turn"

    async def slow(self, session_id: str, count: int, turn: Turn) -> str:
        message_id = f"fake-msg-{self.next_id('message')}"
        for tick in range(1, count + 1):
            if turn.cancelled.is_set():
                return "cancelled"
            await self.say(session_id, f"tick {tick} ", message_id)
            try:
                await asyncio.wait_for(turn.cancelled.wait(), timeout=0.05)
            except asyncio.TimeoutError:
                pass
        return "cancelled" if turn.cancelled.is_set() else "end_turn"


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Fake ACP v1 agent for sandbox-agent's interop tests")
    parser.add_argument("--stdout-noise", action="store_true", help="print a non-JSON line on stdout before answering initialize")
    parser.add_argument("--big-line", type=int, default=1 << 20, metavar="BYTES", help="text size of the /big chunk")
    parser.add_argument("--late-updates", action="store_true", help="one more agent_message_chunk ~30 ms after each prompt response")
    parser.add_argument("--end-turn-on-cancel", action="store_true", help="answer end_turn to a cancelled turn")
    parser.add_argument("--ignore-cancel", action="store_true", help="ignore session/cancel: the turn runs to its end")
    parser.add_argument("--never-initialize", action="store_true", help="read stdin forever, never answer anything")
    parser.add_argument("--pid-file", help="write this process's pid to PATH at startup")
    return parser.parse_args()


async def main() -> None:
    options = parse_options()
    if options.pid_file:
        with open(options.pid_file, "w") as handle:
            handle.write(f"{os.getpid()}\n")
    log(f"{VERSION} (acp SDK) pid={os.getpid()} args={sys.argv[1:]}")
    if options.never_initialize:
        # Swallow every request and never answer; ignore EOF too, so only a kill ends us.
        while sys.stdin.buffer.readline():
            pass
        while True:
            await asyncio.sleep(3600)
    reader, writer = await stdio_streams(limit=64 << 20)
    await run_agent(lambda conn: FakeAgent(options, writer), writer, reader)


if __name__ == "__main__":
    asyncio.run(main())
