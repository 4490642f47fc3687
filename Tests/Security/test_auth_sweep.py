"""Every documented route, spelled every way a path can be bent, is refused without the token.

The probe that found `POST //v1/processes/run` running commands without a token sent such
variants; here each operation of the OpenAPI document is tried canonically and as `//`, `/./`,
`..`, `%2F`, trailing-slash and case variants, and none may reach a handler."""
import json
import os
import socket
import base64

import pytest

from conftest import ROOT
from http_raw import problem_code, request

TOKEN = "sweep-token"
# The Inspector (/ui/, /ui/{path}) is public like the banner and the document.
PUBLIC = {"/", "/openapi.json", "/ui/", "/ui/path"}


def operations():
    document = json.loads((ROOT / "Resources" / "openapi.json").read_text())
    for path, item in document["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "delete", "patch"):
                yield method.upper(), path.replace("{", "").replace("}", "")


def variants(path):
    """Spellings of `path` that a lax router could collapse onto the same route."""
    inner = path[1:]
    head, _, rest = inner.partition("/")
    yield "double-slash", "/" + path
    yield "inner-double-slash", f"/{head}//{rest}" if rest else path + "//"
    yield "dot-segment", f"/./{inner}"
    yield "dot-dot", f"/{head}/../{inner}"
    yield "encoded-dot-dot", f"/{head}/%2e%2E/{inner}"
    yield "encoded-slash", f"/{head}%2F{rest}" if rest else "/%2F" + inner
    yield "encoded-slash-lower", f"/{head}%2f{rest}" if rest else "/%2f" + inner
    yield "trailing-slash", path + "/"
    yield "upper-case", "/" + inner.upper()


def test_every_operation_and_variant_needs_the_token(start_server, tmp_path):
    marker = tmp_path / "ran"
    server = start_server("--token", TOKEN, "--storage", "memory", "--fs-root", str(tmp_path))
    run_body = {"command": "touch", "args": [str(marker)]}
    tried = 0
    for method, path in operations():
        if path in PUBLIC:
            continue
        body = run_body if method in ("POST", "PUT", "PATCH") else None
        status, _, data = request(server.port, method, path, body=body)
        assert status == 401, f"{method} {path} without a token answered {status}: {data[:200]!r}"
        assert problem_code(data) == "token_invalid"
        for name, variant in variants(path):
            status, _, data = request(server.port, method, variant, body=body)
            tried += 1
            assert status in (400, 401), f"{method} {variant} ({name}) answered {status}: {data[:200]!r}"
            if status == 400:
                assert problem_code(data) == "path_not_canonical", f"{method} {variant}: {data[:200]!r}"
    assert tried > 400
    assert not marker.exists(), "a command ran without the token"


def test_the_probes_request_is_refused_and_runs_nothing(start_server, tmp_path):
    marker = tmp_path / "pwned"
    server = start_server("--token", TOKEN, "--storage", "memory")
    for path in ("//v1/processes/run", "/v1//processes/run", "/./v1/processes/run", "/v1/processes/run/"):
        status, _, _ = request(server.port, "POST", path, body={"command": "touch", "args": [str(marker)]})
        assert status in (400, 401), path
    assert not marker.exists()
    # With the token the canonical route works, so the refusals above are not a broken route.
    status, _, data = request(
        server.port, "POST", "/v1/processes/run", body={"command": "touch", "args": [str(marker)]},
        headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200, data
    assert marker.exists()


def websocket_handshake(port, path, headers=None):
    """Sends a WebSocket handshake; returns (status, first frame's text or None)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket", "Connection: Upgrade",
                 f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1") else None
        if status != 101:
            return status, None
        rest = data.split(b"\r\n\r\n", 1)[1]
        while len(rest) < 2 or len(rest) < 2 + (rest[1] & 0x7F):
            chunk = sock.recv(4096)
            if not chunk:
                break
            rest += chunk
        length = rest[1] & 0x7F
        offset = 2
        if length == 126:
            length = int.from_bytes(rest[2:4], "big")
            offset = 4
        while len(rest) < offset + length:
            rest += sock.recv(4096)
        return status, rest[offset:offset + length].decode(errors="replace")
    finally:
        sock.close()


def test_terminal_websocket_variants_are_refused(start_server):
    server = start_server("--token", TOKEN, "--storage", "memory")
    status, _, data = request(
        server.port, "POST", "/v1/processes", body={"command": "sleep", "args": ["30"], "tty": True},
        headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200, data
    process = json.loads(data)["id"]
    path = f"/v1/processes/{process}/terminal/ws"
    for variant in (path, "/" + path, path.replace("/terminal", "//terminal"), "/./" + path[1:], path + "/"):
        status, frame = websocket_handshake(server.port, variant)
        refused = status in (400, 401) or (status == 101 and frame and ('"status":401' in frame or '"status":400' in frame))
        assert refused, f"{variant}: {status} {frame}"
    status, frame = websocket_handshake(server.port, path + f"?access_token={TOKEN}")
    assert status == 101 and '"type":"ready"' in frame, frame
