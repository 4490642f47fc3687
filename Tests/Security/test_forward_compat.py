"""A client one version newer may add fields to any JSON request body: the server must ignore them.

For every operation of Resources/openapi.json with an `application/json` request body, a fresh
server (debug log to a file) gets a valid request twice: once as documented (the example, else a
minimal body built from the schema's required fields, made valid here with real ids, a query, and
values the mock agent accepts), once with an extra `futureField` at the top level and inside every
nested object that has fields (not in maps, whose keys are data). The documented request must succeed (below 400) — else the comparison proves
nothing — the newer one must succeed too, and the debug log must name the ignored `futureField`.
"""
import json
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, AgentDistribution

DOCUMENT = json.loads((ROOT / "Resources" / "openapi.json").read_text())
SCHEMAS = DOCUMENT["components"]["schemas"]

# The computer-use endpoints take a model's action input verbatim and refuse keys they do not
# know on purpose (docs/api.md); MCP is JSON-RPC for the MCP server, which has its own rules.
EXCLUDED = {"/v1/desktop/computer-use/anthropic", "/v1/desktop/computer-use/openai", "/v1/desktop/mcp"}

# The ACP relay carries the client's envelope to the agent as it is (docs/sessions.md): the
# agent, not the server, ignores what it does not know, so the server logs nothing.
NOT_LOGGED = {"/v1/acp/{server_id}"}

# Values the generic builder cannot guess, so the request gets past "no such command/agent".
FIELD_VALUES = {"command": "true", "agent": "mock", "from": "a.txt", "to": "b.txt", "data": "aGk=", "text": "hi"}

# Bodies the example or the schema leave invalid here: a mode and a model the mock offers
# (Sources/MockAgent/MockProfile.swift), a scroll that moves (deltas must not both be 0).
BODY_CHANGES = {
    "/v1/sessions": {"mode": "bypass"},
    "/v1/sessions/{id}/mode": {"modeId": "bypass"},
    "/v1/sessions/{id}/config": {"configId": "model", "value": "mock-large"},
    "/v1/desktop/mouse/scroll": {"deltaY": 1},
}

# The agent installed through the local stand-in for npm and GitHub (the mock needs no install).
INSTALLABLE_AGENT = "claude"

IGNORED_LOG_LINE = "ignored unknown request fields"


def operations():
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or path in EXCLUDED:
                continue
            media = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if media is not None:
                yield pytest.param(method.upper(), path, media, id=f"{method.upper()} {path}")


def resolve(schema):
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].split("/")[-1]]
    return schema


def example_body(media):
    """The documented example of a body, else a minimal one from the schema."""
    if "example" in media:
        return media["example"]
    if media.get("examples"):
        return next(iter(media["examples"].values()))["value"]
    schema = resolve(media["schema"])
    if schema.get("examples"):
        return schema["examples"][0]
    return minimal(schema)


def minimal(schema, name=None):
    schema = resolve(schema)
    if name in FIELD_VALUES:
        return FIELD_VALUES[name]
    for key in ("const", "default"):
        if key in schema:
            return schema[key]
    if schema.get("examples"):
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    if "oneOf" in schema:
        return minimal(schema["oneOf"][0], name)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        return {key: minimal(properties.get(key, {}), key) for key in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    return "x"


def valid_body(path, media, tmp_path):
    """The example body, with what it names made real on this machine."""
    body = example_body(media)
    if not isinstance(body, dict):
        return body
    body = {**body, **BODY_CHANGES.get(path, {})}
    if "agent" in body:
        body["agent"] = "mock"
    if "cwd" in body:
        body["cwd"] = str(tmp_path)
    if isinstance(body.get("params"), dict) and "cwd" in body["params"]:  # the relay's session/new
        body["params"] = {**body["params"], "cwd": str(tmp_path)}
    return body


def fields_of(schema):
    """The properties an object of `schema` has (those of every `oneOf`/`anyOf`/`allOf` branch
    together), or None for a map or free-form object, whose keys are data, not fields."""
    schema = resolve(schema)
    fields = dict(schema.get("properties", {})) if "properties" in schema else None
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(key, []):
            more = fields_of(branch)
            if more is not None:
                fields = {**(fields or {}), **more}
    return fields


def with_future_fields(value, schema):
    """`value` with `futureField` added to every object in it that has fields (a newer client adds
    fields; the keys of a map, such as a question's `answers` or a process's `env`, are data)."""
    schema = resolve(schema)
    if isinstance(value, dict):
        fields = fields_of(schema)
        if fields is None:
            member_schema = schema.get("additionalProperties")
            member_schema = member_schema if isinstance(member_schema, dict) else {}
            return {key: with_future_fields(member, member_schema) for key, member in value.items()}
        return {**{key: with_future_fields(member, fields.get(key, {})) for key, member in value.items()}, "futureField": {"v": 2}}
    if isinstance(value, list):
        return [with_future_fields(member, schema.get("items", {})) for member in value]
    return value


def send(server, method, path, body=None):
    request = urllib.request.Request(
        server.url + path, data=None if body is None else json.dumps(body).encode(), method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def created(server, method, path, body, key="id"):
    status, text = send(server, method, path, body)
    assert status in (200, 201), f"{method} {path}: {status} {text}"
    return json.loads(text)[key]


def waiting(server, path, key, deadline_s=30):
    """The first item of the listing `path` (under `key`), waiting for one to appear."""
    deadline = time.monotonic() + deadline_s
    while True:
        status, text = send(server, "GET", path)
        items = json.loads(text).get(key) if status == 200 else None
        if items:
            return items[0]
        assert time.monotonic() < deadline, f"nothing in {path} after {deadline_s} s: {status} {text}"
        time.sleep(0.05)


def session_with(server, prompt):
    """A new mock session whose prompt `prompt` runs in the background."""
    session_id = created(server, "POST", "/v1/sessions", {"agent": "mock"})
    status, text = send(server, "POST", f"/v1/sessions/{session_id}/prompt?wait=false", {"prompt": prompt})
    assert status == 202, text
    return session_id


def prepare_server(server, path):
    """What every request of `path` needs on `server` once: a running desktop."""
    if path.startswith("/v1/desktop/") and path != "/v1/desktop/start":
        status, text = send(server, "POST", "/v1/desktop/start", {"width": 640, "height": 480})
        if status != 200:
            pytest.skip(f"no desktop here: {status} {text}")


def concrete_path(server, path, tmp_path):
    """`path` for one request, its parameters filled by fresh things on `server`: every request
    gets its own process, session, permission request or question, since an answer uses it up."""
    if path == "/v1/fs/move":
        (tmp_path / "a.txt").write_text("a")
        (tmp_path / "b.txt").unlink(missing_ok=True)
    if path == "/v1/desktop/recording/start":  # one recording at a time: end the first request's
        send(server, "POST", "/v1/desktop/recording/stop")
    if path.startswith("/v1/config/"):
        name = "mcpName" if path.endswith("/mcp") else "skillName"
        return f"{path}?directory={tmp_path}&{name}=future"
    if path.startswith("/v1/processes/{id}"):
        process = created(server, "POST", "/v1/processes", {"command": "cat", "tty": True, "interactive": True})
        return path.replace("{id}", process)
    if path == "/v1/sessions/{id}/permissions/{permissionId}":
        session_id = session_with(server, "/permission echo hi")
        permission = waiting(server, f"/v1/sessions/{session_id}/permissions", "permissions")["permissionId"]
        return path.replace("{id}", session_id).replace("{permissionId}", permission)
    if path == "/v1/sessions/{id}/questions/{questionId}":
        session_id = session_with(server, "/ask")
        question = waiting(server, f"/v1/sessions/{session_id}/questions", "questions")["id"]
        return path.replace("{id}", session_id).replace("{questionId}", question)
    if path.startswith("/v1/sessions/{id}"):
        return path.replace("{id}", created(server, "POST", "/v1/sessions", {"agent": "mock"}))
    if path.startswith("/v1/desktop/windows/{id}"):
        return path.replace("{id}", str(waiting(server, "/v1/desktop/windows", "windows")["id"]))
    if "{server_id}" in path:
        return path.replace("{server_id}", "forward-compat") + "?agent=mock"
    return path.replace("{agent}", INSTALLABLE_AGENT if path.endswith("/install") else "mock")


def ignored_fields_logged(log_dir, path, deadline_s=10):
    """The `fields` of the debug line that names `path`, waiting for the log to be written."""
    deadline = time.monotonic() + deadline_s
    while True:
        for log in log_dir.glob("*.log"):
            for line in log.read_text(errors="replace").splitlines():
                if IGNORED_LOG_LINE in line and f"path={path} " in line:
                    assert " debug " in line, line
                    return line.split("fields=", 1)[1].split(" ", 1)[0].split(",")
        if time.monotonic() > deadline:
            return None
        time.sleep(0.05)


@pytest.mark.parametrize("method,path,media", list(operations()))
def test_unknown_fields_are_ignored(start_server, tmp_path, method, path, media):
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.txt").write_text("a")
    logs = tmp_path / "logs"
    distribution = AgentDistribution() if path.endswith("/install") else None
    try:
        server = start_server(
            "--no-token", "--storage", "memory", "--require-preinstall", "--log-level", "debug", cwd=str(work),
            env={"HOME": str(tmp_path), "SANDBOX_AGENT_LOG_DIR": str(logs), **(distribution.env if distribution else {})})
        prepare_server(server, path)
        if path.startswith("/v1/desktop/windows/{id}"):
            assert send(server, "POST", "/v1/desktop/launch", {"app": "xterm"})[0] == 200
        body = valid_body(path, media, work)

        target = concrete_path(server, path, work)
        status, text = send(server, method, target, body)
        assert status < 400, f"the documented request fails, so it cannot show what an extra field does: {status} {text}"

        if isinstance(body, dict) and body.get("id") is not None:
            body = {**body, "id": f"{body['id']}-2"}  # the first request used the id
        target = concrete_path(server, path, work)
        newer_status, newer_text = send(server, method, target, with_future_fields(body, media["schema"]))
        assert newer_status < 400, f"{newer_status} {newer_text}"
        assert "futureField" not in newer_text, newer_text
        if path not in NOT_LOGGED:
            fields = ignored_fields_logged(logs, target.split("?")[0])
            assert fields is not None, f"no debug line '{IGNORED_LOG_LINE}' for {target} in {list(logs.glob('*'))}"
            assert "futureField" in fields, fields
    finally:
        if distribution:
            distribution.stop()


def test_a_repeated_key_is_still_refused(start_server):
    server = start_server("--no-token", "--storage", "memory")
    request = urllib.request.Request(
        server.url + "/v1/processes/run", data=b'{"command":"true","command":"false","futureField":1}', method="POST",
        headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    assert "duplicate key 'command'" in refused.value.read().decode()
