"""A small WebSocket client (RFC 6455) for the terminal: the standard library has none and httpx
does not upgrade connections. `Wire` and `AsyncWire` move bytes over a socket; the framing is in
the clients' `Terminal` (written once in _async_client.py)."""
import asyncio
import base64
import hashlib
import os
import socket
import ssl
import struct
from typing import Dict, Optional, Tuple
from urllib.parse import urlsplit

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, BINARY, CLOSE, PING, PONG, CONTINUATION = 1, 2, 8, 9, 10, 0


def handshake_request(url: str, headers: Dict[str, str]) -> Tuple[str, int, bool, bytes, str]:
    """(host, port, tls, request bytes, expected Sec-WebSocket-Accept) of an upgrade to `url`."""
    parts = urlsplit(url)
    tls = parts.scheme in ("https", "wss")
    port = parts.port or (443 if tls else 80)
    key = base64.b64encode(os.urandom(16)).decode()
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {parts.hostname}:{port}", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13", *(f"{k}: {v}" for k, v in headers.items())]
    accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
    return parts.hostname or "", port, tls, ("\r\n".join(lines) + "\r\n\r\n").encode(), accept


def check_handshake_answer(head: bytes, accept: str) -> None:
    """Raises ConnectionError unless `head` is a 101 answer with the right accept key."""
    lines = head.decode("latin-1").split("\r\n")
    fields = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    if not lines[0].startswith("HTTP/1.1 101") or fields.get("sec-websocket-accept") != accept:
        raise ConnectionError(f"WebSocket handshake refused: {lines[0]}")


def frame(opcode: int, payload: bytes) -> bytes:
    """A masked client frame."""
    mask = os.urandom(4)
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def parse_header(head: bytes) -> Tuple[bool, int, int, int]:
    """(fin, opcode, length code, bytes of extended length) of a frame's first two bytes."""
    fin, opcode, code = bool(head[0] & 0x80), head[0] & 0x0F, head[1] & 0x7F
    return fin, opcode, code, {126: 2, 127: 8}.get(code, 0)


class Wire:
    """A blocking socket, opened by `connect` (the same calls as `AsyncWire`, without await)."""

    def connect(self, host: str, port: int, tls: bool, timeout: Optional[float]) -> None:
        raw = socket.create_connection((host, port), timeout=timeout)
        self.sock = ssl.create_default_context().wrap_socket(raw, server_hostname=host) if tls else raw
        self.sock.settimeout(None)  # a terminal may be quiet for a long time
        self.buffer = b""

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def read_exactly(self, count: int) -> bytes:
        while len(self.buffer) < count:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def read_head(self) -> bytes:
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("connection closed during the handshake")
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        return head

    def close(self) -> None:
        self.sock.close()


class AsyncWire:
    """An asyncio stream pair, opened by `connect`."""

    async def connect(self, host: str, port: int, tls: bool, timeout: Optional[float]) -> None:
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection(host, port, ssl=ssl.create_default_context() if tls else None), timeout)

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def read_exactly(self, count: int) -> bytes:
        try:
            return await self.reader.readexactly(count)
        except asyncio.IncompleteReadError as error:
            raise ConnectionError("connection closed") from error

    async def read_head(self) -> bytes:
        return (await self.reader.readuntil(b"\r\n\r\n"))[:-4]

    async def close(self) -> None:
        self.writer.close()
