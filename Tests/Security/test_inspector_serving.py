"""The Inspector's files at /ui/: public, from the resource bundle, with their media types, a
strict CSP, ETag revalidation, ProblemDetails for unknown files, and no way out of the bundle."""
import http.client
import json

import pytest

from conftest import Server

TOKEN = "serving-test-token"


@pytest.fixture(scope="module")
def server():
    instance = Server(["--token", TOKEN, "--storage", "memory"])
    yield instance
    instance.stop()


def get(server, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.parametrize("path, media_type, marker", [
    ("/ui/", "text/html; charset=utf-8", b'<script type="module" src="app.js">'),
    ("/ui/app.js", "text/javascript; charset=utf-8", b"import"),
    ("/ui/views/conversation.js", "text/javascript; charset=utf-8", b"export function mountConversation"),
    ("/ui/style.css", "text/css; charset=utf-8", b":root"),
    ("/ui/icon.svg", "image/svg+xml", b"<svg"),
])
def test_files_served_without_token_with_their_media_type(server, path, media_type, marker):
    response, body = get(server, path)
    assert response.status == 200, body
    assert response.getheader("Content-Type") == media_type
    assert marker in body
    csp = response.getheader("Content-Security-Policy")
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "no-referrer"
    assert response.getheader("Cache-Control") == "no-cache"


def test_etag_revalidation(server):
    response, _ = get(server, "/ui/api.js")
    etag = response.getheader("ETag")
    assert etag and etag.startswith('"')
    again, body = get(server, "/ui/api.js", {"If-None-Match": etag})
    assert again.status == 304 and body == b""
    changed, body = get(server, "/ui/api.js", {"If-None-Match": '"other"'})
    assert changed.status == 200 and body


def test_ui_without_slash_redirects_keeping_the_query(server):
    response, _ = get(server, "/ui?token=abc")
    assert response.status == 308
    assert response.getheader("Location") == "/ui/?token=abc"


def test_unknown_file_is_a_problem_details_404(server):
    response, body = get(server, "/ui/nope.js")
    assert response.status == 404
    assert response.getheader("Content-Type") == "application/problem+json"
    problem = json.loads(body)
    assert problem["type"] == "urn:sandbox-agent:error:not_found" and "nope.js" in problem["detail"]


@pytest.mark.parametrize("path", [
    "/ui/../openapi.json", "/ui/%2e%2e/openapi.json", "/ui/views/..%2fapp.js", "/ui/%2E%2E/%2E%2E/etc/passwd",
    "/ui//app.js", "/ui/./app.js",
])
def test_no_path_leaves_the_bundle(server, path):
    response, body = get(server, path)
    assert response.status == 400, (path, response.status, body)
    assert json.loads(body)["type"] == "urn:sandbox-agent:error:path_not_canonical"


@pytest.mark.parametrize("path", ["/ui/openapi.json", "/ui/SandboxAgentResources.swift", "/ui/ui/index.html", "/ui/index.html/"])
def test_only_the_ui_files_are_served(server, path):
    response, _ = get(server, path)
    assert response.status == 404, path


def test_the_api_still_needs_the_token(server):
    response, _ = get(server, "/v1/health")
    assert response.status == 401
    response, _ = get(server, "/v1/health", {"Authorization": f"Bearer {TOKEN}"})
    assert response.status == 200
