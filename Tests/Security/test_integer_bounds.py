"""Integers beyond the bounds the OpenAPI document gives them are refused with a 400 naming the
field, on a representative set of routes: the value one past a documented `minimum`/`maximum`,
and for `format: int32` fields the first values outside 32 bits (schemathesis once found
out-of-range int32 values accepted). Each case is checked against the document first, so a bound
that changes there without the server (or the other way round) fails here."""
import json
import re

import pytest

from conftest import ROOT
from http_raw import request

INT32_MAX = 2**31 - 1
DOCUMENT = json.loads((ROOT / "Resources" / "openapi.json").read_text())


def schema(reference):
    node = DOCUMENT
    for part in reference.lstrip("#/").split("/"):
        node = node[part]
    return node


def body_field(schema_name, field):
    return schema(f"#/components/schemas/{schema_name}")["properties"][field]


def query_field(path, name):
    for parameter in DOCUMENT["paths"][path]["get"]["parameters"]:
        parameter = schema(parameter["$ref"]) if "$ref" in parameter else parameter
        if parameter["name"] == name:
            return parameter["schema"]
    raise AssertionError(f"{path} has no query parameter {name}")


def beyond(field_schema):
    """The values just outside what the document allows for an integer field."""
    assert field_schema["type"] == "integer", field_schema
    values = []
    if "maximum" in field_schema:
        values.append(field_schema["maximum"] + 1)
    if "minimum" in field_schema:
        values.append(field_schema["minimum"] - 1)
    if field_schema.get("format") == "int32":
        values += [INT32_MAX + 1, -(INT32_MAX + 1) - 1]
    return sorted(set(values))


def assert_refused(status, data, field, what):
    assert status == 400, f"{what}: {status} {data[:300]}"
    problem = json.loads(data)
    # `field`, or the name as a word of the detail ("x" in "1x1+0+0" does not count).
    named = problem.get("field") == field or re.search(rf"(?<![\w.]){re.escape(field)}(?!\w)", problem.get("detail", ""))
    assert named, f"{what}: the answer does not name {field}: {problem}"


# (schema, field, method, path, body with the field set to VALUE)
BODY_CASES = [
    ("DesktopStartRequest", "width", "POST", "/v1/desktop/start", {"width": "VALUE"}),
    ("DesktopStartRequest", "displayNum", "POST", "/v1/desktop/start", {"displayNum": "VALUE"}),
    ("DesktopStartRequest", "streamFrameRate", "POST", "/v1/desktop/start", {"streamFrameRate": "VALUE"}),
    ("DesktopStartRequest", "recordingFps", "POST", "/v1/desktop/start", {"recordingFps": "VALUE"}),
    ("ProcessCreateRequest", "cols", "POST", "/v1/processes", {"command": "true", "tty": True, "cols": "VALUE"}),
    ("ProcessConfig", "maxConcurrentProcesses", "POST", "/v1/processes/config",
     {"maxConcurrentProcesses": "VALUE", "defaultRunTimeoutMs": 30000, "maxRunTimeoutMs": 300000, "maxOutputBytes": 1048576,
      "maxLogBytesPerProcess": 10485760, "maxInputBytesPerRequest": 65536}),
]
# The same, on a running desktop.
DESKTOP_BODY_CASES = [
    ("DesktopMouseMoveRequest", "x", "POST", "/v1/desktop/mouse/move", {"x": "VALUE", "y": 0}),
    ("DesktopMouseScrollRequest", "deltaY", "POST", "/v1/desktop/mouse/scroll", {"x": 0, "y": 0, "deltaY": "VALUE"}),
    ("DesktopMouseClickRequest", "clickCount", "POST", "/v1/desktop/mouse/click", {"x": 0, "y": 0, "clickCount": "VALUE"}),
    ("DesktopKeyboardTypeRequest", "delayMs", "POST", "/v1/desktop/keyboard/type", {"text": "a", "delayMs": "VALUE"}),
    ("DesktopWindowResizeRequest", "width", "POST", "/v1/desktop/windows/1/resize", {"width": "VALUE", "height": 10}),
]
# (path, parameter, the other parameters)
QUERY_CASES = [
    ("/v1/sessions", "limit", ""),
]
DESKTOP_QUERY_CASES = [
    ("/v1/desktop/screenshot", "quality", "&format=jpeg"),
    ("/v1/desktop/screenshot", "width", ""),
    ("/v1/desktop/screenshot/region", "x", "&y=0&width=1&height=1"),
    ("/v1/desktop/screenshot/region", "height", "&x=0&y=0&width=1"),
]
# Beyond any integer type the document names: 64-bit extremes once crashed the server (x + width
# overflowed).
HUGE_QUERIES = [
    ("/v1/desktop/screenshot/region", "x", "x=9223372036854775807&y=0&width=1&height=1"),
    ("/v1/desktop/screenshot/region", "width", "x=0&y=0&width=9223372036854775807&height=1"),
    ("/v1/desktop/screenshot/region", "y", "x=0&y=9223372036854775807&width=1&height=1"),
    ("/v1/desktop/screenshot/region", "height", "x=0&y=0&width=1&height=9223372036854775807"),
]


def with_value(body, value):
    return {key: value if item == "VALUE" else item for key, item in body.items()}


def check_bodies(server, cases):
    for schema_name, field, method, path, body in cases:
        values = beyond(body_field(schema_name, field))
        assert values, f"{schema_name}.{field} has no bound in the document"
        for value in values:
            status, _, data = request(server.port, method, path, body=with_value(body, value), timeout=60)
            assert_refused(status, data, field, f"{method} {path} {field}={value}")


def check_queries(server, cases):
    for path, name, rest in cases:
        for value in beyond(query_field(path, name)):
            status, _, data = request(server.port, "GET", f"{path}?{name}={value}{rest}", timeout=60)
            assert_refused(status, data, name, f"GET {path} {name}={value}")


def test_integers_beyond_their_documented_bounds_are_400_naming_the_field(start_server, tmp_path):
    server = start_server("--storage", "memory")
    check_bodies(server, BODY_CASES)
    check_queries(server, QUERY_CASES)
    status, _, data = request(server.port, "POST", "/v1/desktop/start",
                              body={"width": 320, "height": 240, "stateDir": str(tmp_path / "desk")}, timeout=120)
    if status != 200:
        pytest.fail(f"the desktop did not start (scripts/install-deps.sh --test installs Xvfb and openbox): {data[:300]}")
    check_bodies(server, DESKTOP_BODY_CASES)
    check_queries(server, DESKTOP_QUERY_CASES)
    for path, name, query in HUGE_QUERIES:
        status, _, data = request(server.port, "GET", f"{path}?{query}", timeout=60)
        assert_refused(status, data, name, f"GET {path}?{query}")
