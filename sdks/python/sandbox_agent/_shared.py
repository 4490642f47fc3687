"""Pieces the sync and async clients share: URLs, SSE parsing, screenshot geometry."""
import json
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple
from urllib.parse import quote

import httpx

from ._generated import OPERATIONS

#: Seconds without a byte (heartbeats come every 15 s) after which a stream counts as dead.
STREAM_READ_TIMEOUT = 45.0


def operation_url(operation: str, params: Optional[Mapping[str, str]] = None) -> Tuple[str, str]:
    """(method, path) of an operation with its path parameters filled in."""
    method, template = OPERATIONS[operation]
    path = template
    for name, value in (params or {}).items():
        path = path.replace("{" + name + "}", quote(str(value), safe=""))
    if "{" in path:
        raise TypeError(f"missing path parameter in {template}")
    return method, path


def clean_query(query: Optional[Mapping[str, Any]]) -> Dict[str, str]:
    """Query parameters without the `None` ones, booleans as `true`/`false`."""
    result: Dict[str, str] = {}
    for key, value in (query or {}).items():
        if value is None:
            continue
        result[key] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return result


@dataclass
class ServerSentEvent:
    """One server-sent event."""

    event: str
    data: str
    id: Optional[str] = None


class SSEDecoder:
    """Turns `text/event-stream` lines into events (comments and `retry:` are skipped)."""

    def __init__(self) -> None:
        self.event = "message"
        self.id: Optional[str] = None
        self.data: List[str] = []

    def feed(self, line: str) -> Optional[ServerSentEvent]:
        line = line.rstrip("\r\n")
        if line == "":
            event = ServerSentEvent(self.event, "\n".join(self.data), self.id) if self.data else None
            self.event, self.id, self.data = "message", None, []
            return event
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "event":
            self.event = value
        elif name == "data":
            self.data.append(value)
        elif name == "id":
            self.id = value
        return None


def decode_events(lines: Iterable[str]) -> Iterator[ServerSentEvent]:
    decoder = SSEDecoder()
    for line in lines:
        event = decoder.feed(line)
        if event is not None:
            yield event


@dataclass
class Screenshot:
    """A screenshot: the encoded image and where its pixels are on the screen."""

    data: bytes
    content_type: str
    screen_width: int
    screen_height: int
    region_x: int
    region_y: int
    region_width: int
    region_height: int
    image_width: int
    image_height: int
    #: Image pixels per screen pixel: screen_x = region_x + image_x / scale_x.
    scale_x: float
    scale_y: float

    @classmethod
    def from_response(cls, response: httpx.Response, data: bytes) -> "Screenshot":
        h = response.headers
        return cls(
            data=data, content_type=h.get("content-type", ""),
            screen_width=int(h["x-screen-width"]), screen_height=int(h["x-screen-height"]),
            region_x=int(h["x-region-x"]), region_y=int(h["x-region-y"]),
            region_width=int(h["x-region-width"]), region_height=int(h["x-region-height"]),
            image_width=int(h["x-image-width"]), image_height=int(h["x-image-height"]),
            scale_x=float(h["x-scale-x"]), scale_y=float(h["x-scale-y"]),
        )


def json_loads(text: str) -> Any:
    return json.loads(text)
