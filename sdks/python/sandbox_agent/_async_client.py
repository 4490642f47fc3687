"""The asyncio client. `_sync_client.py` is generated from this file by
scripts/generate-sdk-types.py (async/await removed), so both clients have the same methods."""
import asyncio
import base64
import inspect  # async only
import json
import struct
from typing import Any, AsyncGenerator, AsyncIterator, Callable, Dict, List, Mapping, Optional, Set, Tuple, Union, cast
from urllib.parse import urlencode

import httpx

from . import _generated as t
from ._errors import SandboxAgentError
from ._shared import STREAM_READ_TIMEOUT, Screenshot, ServerSentEvent, SSEDecoder, clean_query, json_loads, operation_url
from ._websocket import BINARY, CLOSE, CONTINUATION, PING, PONG, TEXT, AsyncWire, check_handshake_answer, frame, handshake_request, parse_header

#: A request body of bytes: bytes, text, or an iterator of chunks (sent without buffering).
Content = Union[bytes, str, AsyncIterator[bytes]]
#: A prompt: plain text or ACP content blocks.
Prompt = Union[str, List[t.AcpContentBlock]]


class _AsyncTransport:
    """Sends requests by operationId; non-2xx answers raise SandboxAgentError."""

    def __init__(self, base_url: str, token: Optional[str], headers: Optional[Mapping[str, str]],
                 timeout: float, client: Optional[httpx.AsyncClient]) -> None:
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        self.client = client or httpx.AsyncClient(timeout=timeout)
        self.base_url = base_url.rstrip("/")
        self.headers = all_headers
        self.token = token

    def request(self, operation: str, *, params: Optional[Mapping[str, str]] = None,
                query: Optional[Mapping[str, Any]] = None, json: Any = None, content: Any = None,
                content_type: Optional[str] = None, headers: Optional[Mapping[str, str]] = None,
                stream_timeout: bool = False) -> httpx.Request:
        method, path = operation_url(operation, params)
        all_headers = {**self.headers, **(headers or {})}
        if content_type:
            all_headers["Content-Type"] = content_type
        extensions = {"timeout": httpx.Timeout(10.0, read=STREAM_READ_TIMEOUT).as_dict()} if stream_timeout else None
        return self.client.build_request(method, self.base_url + path, params=clean_query(query), json=json,
                                         content=content, headers=all_headers, extensions=extensions)

    def websocket_url(self, operation: str, params: Optional[Mapping[str, str]] = None,
                      query: Optional[Mapping[str, Any]] = None) -> str:
        """The `ws:`/`wss:` URL of a WebSocket operation, with the token as `access_token` (browsers cannot set headers)."""
        _, path = operation_url(operation, params)
        encoded = urlencode(clean_query({**(query or {}), "access_token": self.token}))
        return "ws" + self.base_url.removeprefix("http") + path + (f"?{encoded}" if encoded else "")

    async def send(self, request: httpx.Request, stream: bool = False) -> httpx.Response:
        response = await self.client.send(request, stream=stream)
        if response.status_code >= 400:
            body = await response.aread()
            await response.aclose()
            raise SandboxAgentError.from_response(response, body)
        return response

    async def json(self, operation: str, **kwargs: Any) -> Any:
        response = await self.send(self.request(operation, **kwargs))
        return None if response.status_code in (202, 204) else response.json()

    async def lines(self, request: httpx.Request) -> AsyncGenerator[str, None]:
        """The lines of a streamed answer; the connection is closed when the iteration stops."""
        response = await self.send(request, stream=True)
        try:
            async for line in response.aiter_lines():
                yield line
        finally:
            await response.aclose()

    async def events(self, request: httpx.Request) -> AsyncGenerator[ServerSentEvent, None]:
        """The server-sent events of a streamed answer."""
        decoder = SSEDecoder()
        async for line in self.lines(request):
            message = decoder.feed(line)
            if message is not None:
                yield message


class AsyncSessions:
    """Sessions, their transcript, permissions and questions (`/v1/sessions`)."""

    def __init__(self, transport: _AsyncTransport) -> None:
        self._t = transport

    async def create(self, agent: str, **fields: Any) -> t.Session:
        """Starts `agent` (fields: id, cwd, mcpServers, mode, model, env)."""
        return cast(t.Session, await self._t.json("createSession", json={"agent": agent, **fields}))

    async def list(self, cursor: Optional[str] = None, limit: Optional[int] = None) -> t.SessionListResponse:
        return cast(t.SessionListResponse, await self._t.json("listSessions", query={"cursor": cursor, "limit": limit}))

    async def get(self, id: str) -> t.Session:
        return cast(t.Session, await self._t.json("getSession", params={"id": id}))

    async def delete(self, id: str) -> t.Session:
        """Ends the session (the transcript is kept)."""
        return cast(t.Session, await self._t.json("deleteSession", params={"id": id}))

    async def resume(self, id: str) -> t.Session:
        return cast(t.Session, await self._t.json("resumeSession", params={"id": id}))

    async def prompt(self, id: str, prompt: Prompt) -> t.SessionPromptResponse:
        """Runs one turn and waits for its stop reason."""
        return cast(t.SessionPromptResponse, await self._t.json("promptSession", params={"id": id}, json={"prompt": prompt}))

    async def start_prompt(self, id: str, prompt: Prompt) -> None:
        """Starts a turn and returns at once (202); follow it with `stream`."""
        await self._t.json("promptSession", params={"id": id}, query={"wait": False}, json={"prompt": prompt})

    async def cancel(self, id: str) -> t.Session:
        return cast(t.Session, await self._t.json("cancelSession", params={"id": id}))

    async def set_mode(self, id: str, mode_id: str) -> t.Session:
        return cast(t.Session, await self._t.json("setSessionMode", params={"id": id}, json={"modeId": mode_id}))

    async def set_config(self, id: str, config_id: str, value: str) -> t.SessionConfigResponse:
        return cast(t.SessionConfigResponse, await self._t.json(
            "setSessionConfigOption", params={"id": id}, json={"configId": config_id, "value": value}))

    async def events(self, id: str, offset: Optional[int] = None, limit: Optional[int] = None) -> t.SessionEventsResponse:
        """One page of the transcript from `offset`."""
        return cast(t.SessionEventsResponse, await self._t.json(
            "listSessionEvents", params={"id": id}, query={"offset": offset, "limit": limit}))

    async def stream(self, id: str, offset: int = 0, retry_delay: float = 0.25,
                     max_retry_delay: float = 5.0,
                     on_disconnect: Optional[Callable[[BaseException], None]] = None) -> AsyncGenerator[t.SessionEvent, None]:
        """The transcript from `offset`, then live events, in `eventIndex` order. After a disconnect
        (network error, server restart) it reconnects with `Last-Event-ID`, so nothing is missed or
        repeated. It ends when the consumer stops; a 4xx answer (unknown session) is raised."""
        next_index = offset
        delay = retry_delay
        while True:
            headers = {"Accept": "text/event-stream"}
            if next_index > 0:
                headers["Last-Event-ID"] = str(next_index - 1)
            request = self._t.request("streamSessionEvents", params={"id": id}, query={"offset": next_index},
                                      headers=headers, stream_timeout=True)
            decoder = SSEDecoder()
            lines = self._t.lines(request)
            try:
                async for line in lines:
                    delay = retry_delay
                    message = decoder.feed(line)
                    if message is None:
                        continue
                    event = cast(t.SessionEvent, json_loads(message.data))
                    if event["eventIndex"] < next_index:
                        continue
                    next_index = event["eventIndex"] + 1
                    yield event
                failure: BaseException = ConnectionError("stream ended")
            except SandboxAgentError as error:
                if error.status < 500:
                    raise
                failure = error
            except (httpx.TransportError, httpx.StreamError) as error:
                failure = error
            finally:
                await lines.aclose()
            if on_disconnect is not None:
                on_disconnect(failure)
            await asyncio.sleep(delay)
            delay = min(delay * 2, max_retry_delay)

    async def permissions(self, id: str) -> t.PermissionListResponse:
        return cast(t.PermissionListResponse, await self._t.json("listSessionPermissions", params={"id": id}))

    async def reply_permission(self, id: str, permission_id: str, reply: Optional[str] = None,
                               option_id: Optional[str] = None) -> t.PermissionReplyResponse:
        """Answers with a reply kind (`once`, `always`, `reject`) or one of the offered option ids."""
        body = {"reply": reply} if option_id is None else {"optionId": option_id}
        return cast(t.PermissionReplyResponse, await self._t.json(
            "replySessionPermission", params={"id": id, "permissionId": permission_id}, json=body))

    async def questions(self, id: str) -> t.QuestionListResponse:
        return cast(t.QuestionListResponse, await self._t.json("listSessionQuestions", params={"id": id}))

    async def answer_question(self, id: str, question_id: str, answers: Optional[Dict[str, Any]] = None,
                              action: Optional[str] = None) -> t.QuestionResolution:
        body: Dict[str, Any] = {}
        if answers is not None:
            body["answers"] = answers
        if action is not None:
            body["action"] = action
        return cast(t.QuestionResolution, await self._t.json(
            "answerSessionQuestion", params={"id": id, "questionId": question_id}, json=body))

    async def screenshot(self, id: str, screenshot_id: str) -> bytes:
        """The image of a desktop action recorded in the session: `screenshot_id` is the last part of
        the `screenshot.path` of its `_sandboxagent/desktop/action` event (the bytes the agent or client got)."""
        response = await self._t.send(self._t.request("getSessionScreenshot", params={"id": id, "screenshotId": screenshot_id}))
        return response.content

    async def end_offset(self, id: str) -> int:
        """The `eventIndex` the session's next event will have (its number of events so far)."""
        offset = 0
        while True:
            page = await self.events(id, offset=offset, limit=1000)
            if not page["items"]:
                return offset
            offset = page["nextOffset"]

    async def handle_permissions(self, id: str, handler: Callable[[t.PermissionRequest], Any],
                                 until: Optional[Callable[[t.SessionEvent], bool]] = None) -> None:
        """Calls `handler` for each pending and new permission request and sends what it returns
        (`"once"`, `"always"`, `"reject"`, or `{"optionId": …}`; None leaves it pending). Returns
        when `until(event)` is true for an event of the session (default: a turn ended)."""
        async def pending() -> List[Any]:
            return list((await self.permissions(id))["permissions"])

        async def reply(permission_id: str, answer: Any) -> None:
            if isinstance(answer, str):
                await self.reply_permission(id, permission_id, reply=answer)
            else:
                await self.reply_permission(id, permission_id, reply=answer.get("reply"), option_id=answer.get("optionId"))

        await self._handle(id, lambda e: e["sender"] == "agent" and e["payload"].get("method") == "session/request_permission",
                           pending, "permissionId", handler, reply, until)

    async def handle_questions(self, id: str, handler: Callable[[t.Question], Any],
                               until: Optional[Callable[[t.SessionEvent], bool]] = None) -> None:
        """Calls `handler` for each pending and new question and sends what it returns (the body of
        `answer_question`: `{"answers": …}` or `{"action": …}`; None leaves it pending)."""
        async def pending() -> List[Any]:
            return list((await self.questions(id))["questions"])

        async def reply(question_id: str, answer: Any) -> None:
            await self.answer_question(id, question_id, answers=answer.get("answers"), action=answer.get("action"))

        await self._handle(id, lambda e: e["sender"] == "server" and e["payload"].get("method") == "_sandboxagent/question/requested",
                           pending, "id", handler, reply, until)

    async def _handle(self, id: str, matches: Callable[[t.SessionEvent], bool], pending: Callable[[], Any], key: str,
                      handler: Callable[[Any], Any], reply: Callable[[str, Any], Any],
                      until: Optional[Callable[[t.SessionEvent], bool]]) -> None:
        """Answers what `pending()` lists now, then again whenever an event `matches`, until `until`."""
        stop = until or _turn_ended
        seen: Set[str] = set()

        async def sweep() -> None:
            for item in await pending():
                if item[key] in seen:
                    continue
                seen.add(item[key])
                answer = handler(item)
                if inspect.isawaitable(answer):  # async only: a coroutine handler
                    answer = await answer  # async only
                if answer is not None:
                    await reply(item[key], answer)

        offset = await self.end_offset(id)
        await sweep()
        events = self.stream(id, offset=offset)
        try:
            async for event in events:
                if matches(event):
                    await sweep()
                if stop(event):
                    return
        finally:
            await events.aclose()


def _turn_ended(event: t.SessionEvent) -> bool:
    """A response of the agent that carries a stopReason (the end of a prompt turn)."""
    result = event["payload"].get("result")
    return event["sender"] == "agent" and isinstance(result, dict) and "stopReason" in result


class AsyncFiles:
    """The server's file system (`/v1/fs`)."""

    def __init__(self, transport: _AsyncTransport) -> None:
        self._t = transport

    async def list(self, path: str = ".") -> List[t.FsEntry]:
        return cast(List[t.FsEntry], await self._t.json("listFsEntries", query={"path": path}))

    async def stat(self, path: str) -> t.FsStat:
        return cast(t.FsStat, await self._t.json("statFsEntry", query={"path": path}))

    async def read(self, path: str) -> bytes:
        """The whole file."""
        response = await self._t.send(self._t.request("readFsFile", query={"path": path}))
        return response.content

    async def read_stream(self, path: str, chunk_size: int = 1 << 16) -> AsyncIterator[bytes]:
        """The file in chunks, for files too big to hold in memory."""
        response = await self._t.send(self._t.request("readFsFile", query={"path": path}, stream_timeout=True), stream=True)
        try:
            async for chunk in response.aiter_bytes(chunk_size):
                yield chunk
        finally:
            await response.aclose()

    async def write(self, path: str, data: Content) -> t.FsWriteResponse:
        """Creates or replaces the file; `data` may be an iterator of chunks (streamed)."""
        content = data.encode() if isinstance(data, str) else data
        return cast(t.FsWriteResponse, await self._t.json(
            "writeFsFile", query={"path": path}, content=content, content_type="application/octet-stream"))

    async def delete(self, path: str, recursive: bool = False) -> t.FsActionResponse:
        return cast(t.FsActionResponse, await self._t.json("deleteFsEntry", query={"path": path, "recursive": recursive or None}))

    async def mkdir(self, path: str) -> t.FsActionResponse:
        return cast(t.FsActionResponse, await self._t.json("createFsDirectory", query={"path": path}))

    async def move(self, source: str, destination: str, overwrite: bool = False) -> t.FsMoveResponse:
        return cast(t.FsMoveResponse, await self._t.json("moveFsEntry", json={"from": source, "to": destination, "overwrite": overwrite}))

    async def upload_batch(self, tar: Content, path: str = ".") -> t.FsUploadBatchResponse:
        """Extracts a tar archive into the directory `path`."""
        return cast(t.FsUploadBatchResponse, await self._t.json(
            "uploadFsBatch", query={"path": path}, content=tar, content_type="application/x-tar"))


class AsyncProcesses:
    """Processes on the server (`/v1/processes`)."""

    def __init__(self, transport: _AsyncTransport) -> None:
        self._t = transport

    async def config(self) -> t.ProcessConfig:
        return cast(t.ProcessConfig, await self._t.json("getProcessConfig"))

    async def set_config(self, config: t.ProcessConfig) -> t.ProcessConfig:
        return cast(t.ProcessConfig, await self._t.json("setProcessConfig", json=config))

    async def run(self, command: str, args: Optional[List[str]] = None, **fields: Any) -> t.ProcessRunResponse:
        """Runs a command to completion (fields: cwd, env, timeoutMs, maxOutputBytes)."""
        return cast(t.ProcessRunResponse, await self._t.json("runProcess", json={"command": command, "args": args or [], **fields}))

    async def start(self, command: str, args: Optional[List[str]] = None, **fields: Any) -> t.ProcessInfo:
        """Starts a long-lived process (fields: cwd, env, interactive, tty, cols, rows)."""
        return cast(t.ProcessInfo, await self._t.json("createProcess", json={"command": command, "args": args or [], **fields}))

    async def list(self, owner: Optional[str] = None) -> t.ProcessListResponse:
        return cast(t.ProcessListResponse, await self._t.json("listProcesses", query={"owner": owner}))

    async def get(self, id: str) -> t.ProcessInfo:
        return cast(t.ProcessInfo, await self._t.json("getProcess", params={"id": id}))

    async def delete(self, id: str) -> None:
        await self._t.json("deleteProcess", params={"id": id})

    async def stop(self, id: str, wait_ms: Optional[int] = None) -> t.ProcessInfo:
        return cast(t.ProcessInfo, await self._t.json("stopProcess", params={"id": id}, query={"waitMs": wait_ms}))

    async def kill(self, id: str, wait_ms: Optional[int] = None) -> t.ProcessInfo:
        return cast(t.ProcessInfo, await self._t.json("killProcess", params={"id": id}, query={"waitMs": wait_ms}))

    async def logs(self, id: str, stream: Optional[str] = None, tail: Optional[int] = None,
                   since: Optional[int] = None) -> t.ProcessLogsResponse:
        return cast(t.ProcessLogsResponse, await self._t.json(
            "getProcessLogs", params={"id": id}, query={"stream": stream, "tail": tail, "since": since}))

    async def follow_logs(self, id: str, stream: Optional[str] = None,
                          since: Optional[int] = None) -> AsyncIterator[Union[t.ProcessLogEntry, t.ProcessInfo]]:
        """Buffered, then live output entries; the last item is the ProcessInfo once it has exited."""
        request = self._t.request("getProcessLogs", params={"id": id}, query={"stream": stream, "since": since, "follow": True},
                                  headers={"Accept": "text/event-stream"}, stream_timeout=True)
        async for message in self._t.events(request):
            yield json_loads(message.data)
            if message.event == "exit":
                return

    async def input(self, id: str, data: Union[str, bytes]) -> t.ProcessInputResponse:
        """Writes text or bytes to the process's stdin (or PTY)."""
        body = ({"data": data, "encoding": "utf8"} if isinstance(data, str)
                else {"data": base64.b64encode(data).decode(), "encoding": "base64"})
        return cast(t.ProcessInputResponse, await self._t.json("writeProcessInput", params={"id": id}, json=body))

    async def resize(self, id: str, cols: int, rows: int) -> t.TerminalSize:
        return cast(t.TerminalSize, await self._t.json("resizeProcessTerminal", params={"id": id}, json={"cols": cols, "rows": rows}))

    async def terminal(self, id: str) -> "AsyncTerminal":
        """Opens the terminal WebSocket of a tty process; returns once the server said `ready`."""
        return await AsyncTerminal.open(self._t.websocket_url("connectProcessTerminal", {"id": id}), self._t.headers)


class AsyncTerminal:
    """The terminal WebSocket of a tty process: `read()` returns PTY output as bytes, None once the
    process has exited (`exit_code`) or the socket closed; `write` and `resize` send frames."""

    def __init__(self, wire: AsyncWire) -> None:
        self._wire = wire
        self.process_id = ""
        self.exit_code: Optional[int] = None
        self.closed = False

    @classmethod
    async def open(cls, url: str, headers: Mapping[str, str], timeout: float = 30.0) -> "AsyncTerminal":
        host, port, tls, request, accept = handshake_request(url, dict(headers))
        wire = AsyncWire()
        await wire.connect(host, port, tls, timeout)
        terminal = cls(wire)
        try:
            await wire.send(request)
            check_handshake_answer(await wire.read_head(), accept)
            opcode, payload = await terminal._message()
            ready = json.loads(payload) if opcode == TEXT else {}
            if ready.get("type") != "ready":
                raise ConnectionError(f"terminal refused: {ready.get('message', ready)}")
            terminal.process_id = ready["processId"]
        except BaseException:
            await wire.close()
            raise
        return terminal

    async def read(self) -> Optional[bytes]:
        """The next chunk of output; None when the process exited or the socket closed."""
        while not self.closed:
            opcode, payload = await self._message()
            if opcode == BINARY:
                return payload
            if opcode == CLOSE:
                self.closed = True
                break
            message = json.loads(payload)
            if message.get("type") == "exit":
                self.exit_code = message.get("exitCode")
                self.closed = True
            elif message.get("type") == "error":
                raise RuntimeError(f"terminal error: {message.get('message')}")
        return None

    async def output(self) -> AsyncIterator[bytes]:
        """Output chunks until the process exits."""
        while True:
            chunk = await self.read()
            if chunk is None:
                return
            yield chunk

    async def write(self, data: Union[str, bytes]) -> None:
        """Types text (or raw bytes) into the terminal."""
        body = ({"type": "input", "data": data, "encoding": "utf8"} if isinstance(data, str)
                else {"type": "input", "data": base64.b64encode(data).decode(), "encoding": "base64"})
        await self._wire.send(frame(TEXT, json.dumps(body).encode()))

    async def resize(self, cols: int, rows: int) -> None:
        await self._wire.send(frame(TEXT, json.dumps({"type": "resize", "cols": cols, "rows": rows}).encode()))

    async def close(self) -> None:
        """Closes the socket (the process keeps running)."""
        if not self.closed:
            self.closed = True
            try:
                await self._wire.send(frame(TEXT, b'{"type":"close"}') + frame(CLOSE, struct.pack("!H", 1000)))
            except OSError:
                pass
        await self._wire.close()

    async def _message(self) -> Tuple[int, bytes]:
        """The next data or close message (fragments joined, pings answered)."""
        opcode, parts = None, []
        while True:
            fin, code, length, extra = parse_header(await self._wire.read_exactly(2))
            if extra:
                length = int.from_bytes(await self._wire.read_exactly(extra), "big")
            payload = await self._wire.read_exactly(length) if length else b""
            if code == PING:
                await self._wire.send(frame(PONG, payload))
                continue
            if code == CLOSE:
                return CLOSE, payload
            if code != CONTINUATION:
                opcode = code
            parts.append(payload)
            if fin and opcode is not None:
                return opcode, b"".join(parts)


_COMPUTER_USE = {
    "anthropic": ("getDesktopComputerUseAnthropicTool", "postDesktopComputerUseAnthropic"),
    "openai": ("getDesktopComputerUseOpenAITool", "postDesktopComputerUseOpenAI"),
}


class AsyncDesktop:
    """The X desktop (`/v1/desktop`)."""

    def __init__(self, transport: _AsyncTransport) -> None:
        self._t = transport

    async def status(self) -> t.DesktopStatusResponse:
        return cast(t.DesktopStatusResponse, await self._t.json("get_v1_desktop_status"))

    async def start(self, **fields: Any) -> t.DesktopStatusResponse:
        """Starts Xvfb and openbox (fields: width, height, dpi, displayNum, …)."""
        return cast(t.DesktopStatusResponse, await self._t.json("post_v1_desktop_start", json=fields))

    async def stop(self) -> t.DesktopStatusResponse:
        return cast(t.DesktopStatusResponse, await self._t.json("post_v1_desktop_stop"))

    async def screenshot(self, **query: Any) -> Screenshot:
        """The screen (query: format, quality, scale, showCursor, width, height) with its geometry."""
        response = await self._t.send(self._t.request("get_v1_desktop_screenshot", query=query))
        return Screenshot.from_response(response, response.content)

    async def screenshot_region(self, x: int, y: int, width: int, height: int, **query: Any) -> Screenshot:
        response = await self._t.send(self._t.request(
            "get_v1_desktop_screenshot_region", query={"x": x, "y": y, "width": width, "height": height, **query}))
        return Screenshot.from_response(response, response.content)

    async def _post(self, operation: str, body: Dict[str, Any]) -> Any:
        return await self._t.json(operation, json=body)

    async def mouse_position(self) -> t.DesktopMousePositionResponse:
        return cast(t.DesktopMousePositionResponse, await self._t.json("get_v1_desktop_mouse_position"))

    async def move(self, x: int, y: int) -> t.DesktopMousePositionResponse:
        return cast(t.DesktopMousePositionResponse, await self._post("post_v1_desktop_mouse_move", {"x": x, "y": y}))

    async def click(self, x: int, y: int, **fields: Any) -> t.DesktopMousePositionResponse:
        """Clicks at (x, y) (fields: button, clickCount)."""
        return cast(t.DesktopMousePositionResponse, await self._post("post_v1_desktop_mouse_click", {"x": x, "y": y, **fields}))

    async def mouse_down(self, **fields: Any) -> t.DesktopMousePositionResponse:
        return cast(t.DesktopMousePositionResponse, await self._post("post_v1_desktop_mouse_down", fields))

    async def mouse_up(self, **fields: Any) -> t.DesktopMousePositionResponse:
        return cast(t.DesktopMousePositionResponse, await self._post("post_v1_desktop_mouse_up", fields))

    async def drag(self, start_x: int, start_y: int, end_x: int, end_y: int, **fields: Any) -> t.DesktopMousePositionResponse:
        return cast(t.DesktopMousePositionResponse, await self._post(
            "post_v1_desktop_mouse_drag", {"startX": start_x, "startY": start_y, "endX": end_x, "endY": end_y, **fields}))

    async def scroll(self, x: int, y: int, delta_x: int = 0, delta_y: int = 0) -> t.DesktopMousePositionResponse:
        return cast(t.DesktopMousePositionResponse, await self._post(
            "post_v1_desktop_mouse_scroll", {"x": x, "y": y, "deltaX": delta_x, "deltaY": delta_y}))

    async def type(self, text: str, **fields: Any) -> t.DesktopActionResponse:
        return cast(t.DesktopActionResponse, await self._post("post_v1_desktop_keyboard_type", {"text": text, **fields}))

    async def press(self, key: str, **fields: Any) -> t.DesktopActionResponse:
        """Presses a key (fields: modifiers)."""
        return cast(t.DesktopActionResponse, await self._post("post_v1_desktop_keyboard_press", {"key": key, **fields}))

    async def key_down(self, key: str) -> t.DesktopActionResponse:
        return cast(t.DesktopActionResponse, await self._post("post_v1_desktop_keyboard_down", {"key": key}))

    async def key_up(self, key: str) -> t.DesktopActionResponse:
        return cast(t.DesktopActionResponse, await self._post("post_v1_desktop_keyboard_up", {"key": key}))

    async def actions(self, actions: List[t.DesktopAction], **fields: Any) -> t.DesktopActionsResponse:
        """Runs a batch (fields: settle, screenshot)."""
        return cast(t.DesktopActionsResponse, await self._post("post_v1_desktop_actions", {"actions": actions, **fields}))

    async def display_info(self) -> t.DesktopDisplayInfoResponse:
        return cast(t.DesktopDisplayInfoResponse, await self._t.json("get_v1_desktop_display_info"))

    async def windows(self) -> t.DesktopWindowListResponse:
        return cast(t.DesktopWindowListResponse, await self._t.json("get_v1_desktop_windows"))

    async def focused_window(self) -> t.DesktopWindowInfo:
        return cast(t.DesktopWindowInfo, await self._t.json("get_v1_desktop_windows_focused"))

    async def focus_window(self, id: str) -> t.DesktopWindowInfo:
        return cast(t.DesktopWindowInfo, await self._t.json("post_v1_desktop_window_focus", params={"id": id}))

    async def move_window(self, id: str, x: int, y: int) -> t.DesktopWindowInfo:
        return cast(t.DesktopWindowInfo, await self._t.json("post_v1_desktop_window_move", params={"id": id}, json={"x": x, "y": y}))

    async def resize_window(self, id: str, width: int, height: int) -> t.DesktopWindowInfo:
        return cast(t.DesktopWindowInfo, await self._t.json(
            "post_v1_desktop_window_resize", params={"id": id}, json={"width": width, "height": height}))

    async def clipboard(self, selection: Optional[str] = None) -> t.DesktopClipboardResponse:
        return cast(t.DesktopClipboardResponse, await self._t.json("get_v1_desktop_clipboard", query={"selection": selection}))

    async def set_clipboard(self, text: str, **fields: Any) -> t.DesktopActionResponse:
        return cast(t.DesktopActionResponse, await self._post("post_v1_desktop_clipboard", {"text": text, **fields}))

    async def launch(self, app: str, **fields: Any) -> t.DesktopLaunchResponse:
        return cast(t.DesktopLaunchResponse, await self._post("post_v1_desktop_launch", {"app": app, **fields}))

    async def open(self, target: str) -> t.DesktopOpenResponse:
        return cast(t.DesktopOpenResponse, await self._post("post_v1_desktop_open", {"target": target}))

    async def computer_use_tool(self, provider: str = "anthropic", width: Optional[int] = None,
                                height: Optional[int] = None) -> Dict[str, Any]:
        """The tool definition to give the model."""
        return cast(Dict[str, Any], await self._t.json(_COMPUTER_USE[provider][0], query={"width": width, "height": height}))

    async def computer_use(self, action: Dict[str, Any], provider: str = "anthropic", width: Optional[int] = None,
                           height: Optional[int] = None) -> Dict[str, Any]:
        """Runs one model action verbatim; returns what goes back to the model (with the settled screen)."""
        return cast(Dict[str, Any], await self._t.json(
            _COMPUTER_USE[provider][1], query={"width": width, "height": height}, json=action))

    async def start_recording(self, **fields: Any) -> t.DesktopRecordingInfo:
        """Starts an MP4 recording of the screen (fields: fps); 409 while one is active or without ffmpeg."""
        return cast(t.DesktopRecordingInfo, await self._t.json("post_v1_desktop_recording_start", json=fields))

    async def stop_recording(self) -> t.DesktopRecordingInfo:
        """Stops the active recording; returns it finished (with durationSeconds)."""
        return cast(t.DesktopRecordingInfo, await self._t.json("post_v1_desktop_recording_stop"))

    async def recordings(self) -> t.DesktopRecordingListResponse:
        """The recordings, those of earlier server runs included."""
        return cast(t.DesktopRecordingListResponse, await self._t.json("get_v1_desktop_recordings"))

    async def recording(self, id: str) -> t.DesktopRecordingInfo:
        return cast(t.DesktopRecordingInfo, await self._t.json("get_v1_desktop_recording", params={"id": id}))

    async def download_recording(self, id: str) -> bytes:
        """The video (video/mp4)."""
        response = await self._t.send(self._t.request("get_v1_desktop_recording_download", params={"id": id}))
        return response.content

    async def delete_recording(self, id: str) -> None:
        """Deletes a finished recording and its file (409 while it is recording)."""
        await self._t.json("delete_v1_desktop_recording", params={"id": id})

    async def start_stream(self) -> t.DesktopStreamStatusResponse:
        """Turns the live view on (409 when the desktop is not running)."""
        return cast(t.DesktopStreamStatusResponse, await self._t.json("post_v1_desktop_stream_start"))

    async def stop_stream(self) -> t.DesktopStreamStatusResponse:
        """Turns the live view off; connected viewers get `end` and are closed."""
        return cast(t.DesktopStreamStatusResponse, await self._t.json("post_v1_desktop_stream_stop"))

    async def stream_status(self) -> t.DesktopStreamStatusResponse:
        return cast(t.DesktopStreamStatusResponse, await self._t.json("get_v1_desktop_stream_status"))

    def stream_url(self, **query: Any) -> str:
        """The live view's WebSocket URL with the token as access_token (query: fps, quality, scale, control, session)."""
        return self._t.websocket_url("get_v1_desktop_stream_ws", query=query)


class AsyncAgents:
    """Agents the server can run (`/v1/agents`)."""

    def __init__(self, transport: _AsyncTransport) -> None:
        self._t = transport

    async def list(self, config: bool = False, no_cache: bool = False) -> t.AgentListResponse:
        return cast(t.AgentListResponse, await self._t.json("get_v1_agents", query={"config": config or None, "no_cache": no_cache or None}))

    async def get(self, agent: str, config: bool = False) -> t.AgentInfo:
        return cast(t.AgentInfo, await self._t.json("get_v1_agent", params={"agent": agent}, query={"config": config or None}))

    async def install(
            self, agent: str, on_progress: Optional[Callable[[t.AgentInstallProgress], None]] = None, **fields: Any
    ) -> t.AgentInstallResponse:
        """Installs the agent (fields: reinstall, agentVersion). With `on_progress`, the server streams
        the install's steps (resolving, downloading with bytes, unpacking), each handed to it first."""
        if on_progress is None:
            return cast(t.AgentInstallResponse, await self._t.json("post_v1_agent_install", params={"agent": agent}, json=fields))
        request = self._t.request("post_v1_agent_install", params={"agent": agent}, json=fields,
                                  headers={"Accept": "text/event-stream"}, stream_timeout=True)
        async for message in self._t.events(request):
            if message.event == "progress":
                on_progress(cast(t.AgentInstallProgress, json_loads(message.data)))
            elif message.event == "result":
                return cast(t.AgentInstallResponse, json_loads(message.data))
            elif message.event == "error":
                raise SandboxAgentError(cast(Dict[str, Any], json_loads(message.data)))
        raise SandboxAgentError({"type": "urn:sandbox-agent:error:stream_ended", "title": "Stream ended", "status": 0,
                                 "detail": f"the install stream of {agent} ended without a result"})


class AsyncAcpRelay:
    """The raw ACP relay (`/v1/acp/{server_id}`)."""

    def __init__(self, transport: _AsyncTransport) -> None:
        self._t = transport

    async def list(self) -> t.AcpServerListResponse:
        return cast(t.AcpServerListResponse, await self._t.json("listAcpServers"))

    async def send(self, server_id: str, envelope: Dict[str, Any], agent: Optional[str] = None) -> Optional[t.JsonRpcMessage]:
        """Sends one JSON-RPC envelope; a request gets its response, anything else None."""
        return cast(Optional[t.JsonRpcMessage], await self._t.json(
            "postAcpMessage", params={"server_id": server_id}, query={"agent": agent}, json=envelope))

    async def stream(self, server_id: str, last_event_id: Optional[str] = None) -> AsyncIterator[t.JsonRpcMessage]:
        """What the agent sends, as it comes."""
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = last_event_id
        request = self._t.request("streamAcpMessages", params={"server_id": server_id}, headers=headers, stream_timeout=True)
        async for message in self._t.events(request):
            yield cast(t.JsonRpcMessage, json_loads(message.data))

    async def close(self, server_id: str) -> None:
        await self._t.json("deleteAcpServer", params={"server_id": server_id})


class AsyncDirectoryConfig:
    """Per-directory MCP servers and skills (`/v1/config`)."""

    def __init__(self, transport: _AsyncTransport) -> None:
        self._t = transport

    async def get_mcp(self, directory: str, name: str) -> t.McpServerConfig:
        return cast(t.McpServerConfig, await self._t.json("getMcpConfig", query={"directory": directory, "mcpName": name}))

    async def set_mcp(self, directory: str, name: str, config: t.McpServerConfig) -> None:
        await self._t.json("setMcpConfig", query={"directory": directory, "mcpName": name}, json=config)

    async def delete_mcp(self, directory: str, name: str) -> None:
        await self._t.json("deleteMcpConfig", query={"directory": directory, "mcpName": name})

    async def get_skills(self, directory: str, name: str) -> t.SkillsConfig:
        return cast(t.SkillsConfig, await self._t.json("getSkillsConfig", query={"directory": directory, "skillName": name}))

    async def set_skills(self, directory: str, name: str, config: t.SkillsConfig) -> None:
        await self._t.json("setSkillsConfig", query={"directory": directory, "skillName": name}, json=config)

    async def delete_skills(self, directory: str, name: str) -> None:
        await self._t.json("deleteSkillsConfig", query={"directory": directory, "skillName": name})


class AsyncSandboxAgent:
    """A client of one sandbox-agent server, grouped like the API: `sessions`, `fs`, `processes`,
    `desktop`, `agents`, `acp`, `config`. Use it as a context manager, or call `close()`."""

    def __init__(self, base_url: str, token: Optional[str] = None, headers: Optional[Mapping[str, str]] = None,
                 timeout: float = 120.0, client: Optional[httpx.AsyncClient] = None) -> None:
        self._t = _AsyncTransport(base_url, token, headers, timeout, client)
        self.sessions = AsyncSessions(self._t)
        self.fs = AsyncFiles(self._t)
        self.processes = AsyncProcesses(self._t)
        self.desktop = AsyncDesktop(self._t)
        self.agents = AsyncAgents(self._t)
        self.acp = AsyncAcpRelay(self._t)
        self.config = AsyncDirectoryConfig(self._t)

    async def health(self) -> t.HealthResponse:
        return cast(t.HealthResponse, await self._t.json("getHealth"))

    async def close(self) -> None:
        await self._t.client.aclose()

    async def __aenter__(self) -> "AsyncSandboxAgent":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
