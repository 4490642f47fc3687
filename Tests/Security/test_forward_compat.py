"""A client one version newer may add fields to any JSON request body: the server must ignore them.

For every operation of Resources/openapi.json with an `application/json` request body, a fresh
server gets the same body twice — once as documented (the example, else a minimal body built from
the schema's required fields), once with an extra `futureField` at the top level and inside every
nested object — and must answer both alike: the extra keys never turn an answer into a 400.
"""
import json
import urllib.error
import urllib.request

import pytest

from conftest import ROOT

DOCUMENT = json.loads((ROOT / "Resources" / "openapi.json").read_text())
SCHEMAS = DOCUMENT["components"]["schemas"]

# The computer-use endpoints take a model's action input verbatim and refuse keys they do not
# know on purpose (docs/api.md); MCP is JSON-RPC for the MCP server, which has its own rules.
EXCLUDED = {"/v1/desktop/computer-use/anthropic", "/v1/desktop/computer-use/openai", "/v1/desktop/mcp"}

# Values the generic builder cannot guess, so the request gets past "no such command/agent".
FIELD_VALUES = {"command": "true", "agent": "mock", "from": "a.txt", "to": "b.txt", "data": "aGk=", "text": "hi"}


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


def with_future_fields(value):
    """`value` with `futureField` added to every object in it."""
    if isinstance(value, dict):
        return {**{key: with_future_fields(member) for key, member in value.items()}, "futureField": {"v": 2}}
    if isinstance(value, list):
        return [with_future_fields(member) for member in value]
    return value


def send(server, method, path, body):
    request = urllib.request.Request(
        server.url + path, data=json.dumps(body).encode(), method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def concrete_path(server, path):
    """`path` with its parameters filled by things that exist on `server` where possible."""
    if "/v1/processes/{id}" in path:
        status, text = send(server, "POST", "/v1/processes", {"command": "cat", "tty": True, "interactive": True})
        assert status == 200, text
        path = path.replace("{id}", json.loads(text)["id"])
    if "/v1/sessions/{id}" in path:
        status, text = send(server, "POST", "/v1/sessions", {"agent": "mock"})
        assert status in (200, 201), text
        path = path.replace("{id}", json.loads(text)["id"])
    if path.startswith("/v1/desktop/") and path != "/v1/desktop/start":
        status, text = send(server, "POST", "/v1/desktop/start", {"width": 320, "height": 240})
        if status != 200:
            pytest.skip(f"no desktop here: {status} {text}")
    if "{server_id}" in path:
        path = path.replace("{server_id}", "forward-compat") + "?agent=mock"
    return path.replace("{agent}", "mock").replace("{id}", "1").replace("{permissionId}", "p_1").replace("{questionId}", "q_1")


@pytest.mark.parametrize("method,path,media", list(operations()))
def test_unknown_fields_are_ignored(start_server, tmp_path, method, path, media):
    (tmp_path / "a.txt").write_text("a")
    server = start_server("--no-token", "--storage", "memory", "--require-preinstall", cwd=str(tmp_path), env={"HOME": str(tmp_path)})
    body = example_body(media)
    if isinstance(body, dict):  # an example's agent and directory, made real here
        body = {**body, **({"agent": "mock"} if "agent" in body else {}), **({"cwd": str(tmp_path)} if "cwd" in body else {})}
    target = concrete_path(server, path)
    newer_status, newer_text = send(server, method, target, with_future_fields(body))
    if isinstance(body, dict) and body.get("id") is not None:
        body = {**body, "id": f"{body['id']}-2"}  # the first request used the id
    if path == "/v1/fs/move":
        (tmp_path / "a.txt").write_text("a")
    status, text = send(server, method, target, body)
    assert "futureField" not in newer_text, newer_text
    assert (newer_status == 400) == (status == 400), f"{newer_status} {newer_text} vs {status} {text}"


def test_a_repeated_key_is_still_refused(start_server):
    server = start_server("--no-token", "--storage", "memory")
    request = urllib.request.Request(
        server.url + "/v1/processes/run", data=b'{"command":"true","command":"false","futureField":1}', method="POST",
        headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    assert "duplicate key 'command'" in refused.value.read().decode()
