"""Checks every JSON answer the SDK tests receive against Resources/openapi.json: the schema the
document gives for that operation and status (jsonschema, installed with the security suite)."""
import json
import re

import httpx
import jsonschema

from conftest import ROOT

SPEC = json.loads((ROOT / "Resources" / "openapi.json").read_text())
ROUTES = [(re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"), item) for template, item in SPEC["paths"].items()]


def documented_schema(method, path, status):
    for pattern, item in ROUTES:
        if pattern.match(path) and method.lower() in item:
            answer = item[method.lower()]["responses"].get(str(status))
            assert answer is not None, f"{method} {path}: status {status} is not documented"
            content = answer.get("content", {})
            media = content.get("application/json") or content.get("application/problem+json")
            return None if media is None else {**media["schema"], "components": SPEC["components"]}
    raise AssertionError(f"{method} {path} is not in the OpenAPI document")


def check_response(response: httpx.Response) -> None:
    """An httpx response hook: a JSON answer that its documented schema rejects fails the test."""
    if not response.headers.get("content-type", "").split(";")[0].endswith("json"):
        return
    schema = documented_schema(response.request.method, response.request.url.path, response.status_code)
    if schema is None:
        return
    response.read()
    jsonschema.validate(response.json(), schema, cls=jsonschema.Draft202012Validator)
