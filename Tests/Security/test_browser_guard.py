"""A web page cannot use a server it reaches: drive-by requests from other origins, text/plain
bodies and DNS-rebinding Host names are refused before anything runs."""
import json

from http_raw import problem_code, request
from test_auth_sweep import websocket_handshake


def run_body(marker):
    return {"command": "touch", "args": [str(marker)]}


def test_cross_origin_requests_are_refused_before_they_run(start_server, tmp_path):
    marker = tmp_path / "drive-by"
    server = start_server("--storage", "memory")
    for origin in ("https://evil.example", "null", f"http://127.0.0.1:{server.port + 1}"):
        status, _, data = request(server.port, "POST", "/v1/processes/run", body=run_body(marker), headers={"Origin": origin})
        assert status == 403, (origin, status, data)
        assert problem_code(data) == "origin_not_allowed"
    # A form post carries no JSON content type: refused even without an Origin header.
    status, _, data = request(
        server.port, "POST", "/v1/processes/run", body=json.dumps(run_body(marker)).encode(),
        headers={"Content-Type": "text/plain"})
    assert status == 415, data
    assert problem_code(data) == "unsupported_media_type"
    for route in ("/v1/desktop/stop", "/v1/sessions"):
        status, _, _ = request(server.port, "POST", route, body=b"", headers={"Origin": "https://evil.example"})
        assert status == 403, route
    assert not marker.exists()


def test_same_origin_and_listed_origins_are_served(start_server, tmp_path):
    marker = tmp_path / "allowed"
    server = start_server("--storage", "memory", "--cors-allow-origin", "https://app.example")
    for origin in (f"http://127.0.0.1:{server.port}", "https://app.example"):
        status, headers, data = request(server.port, "POST", "/v1/processes/run", body=run_body(marker), headers={"Origin": origin})
        assert status == 200, (origin, data)
    assert marker.exists()
    status, _, _ = request(server.port, "GET", "/v1/health", headers={"Origin": "https://other.example"})
    assert status == 403


def test_rebinding_host_names_are_refused(start_server, tmp_path):
    server = start_server("--storage", "memory", "--allowed-host", "sandbox.internal")
    for host in ("attacker.example", f"attacker.example:{server.port}", "localhost.attacker.example"):
        status, _, data = request(server.port, "GET", "/v1/health", headers={"Host": host})
        assert status == 421, (host, status)
        assert problem_code(data) == "host_not_allowed"
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}", "[::1]", "sandbox.internal", "app.localhost"):
        status, _, data = request(server.port, "GET", "/v1/health", headers={"Host": host})
        assert status == 200, (host, status, data)


def test_non_loopback_bind_answers_any_name_unless_names_are_listed(start_server):
    open_server = start_server("--storage", "memory", "--host", "0.0.0.0", "--token", "t")
    status, _, _ = request(open_server.port, "GET", "/v1/health", headers={"Host": "2468-sandbox.provider.example", "Authorization": "Bearer t"})
    assert status == 200
    listed = start_server("--storage", "memory", "--host", "0.0.0.0", "--token", "t", "--allowed-host", ".provider.example")
    status, _, _ = request(listed.port, "GET", "/v1/health", headers={"Host": "2468-sandbox.provider.example", "Authorization": "Bearer t"})
    assert status == 200
    status, _, _ = request(listed.port, "GET", "/v1/health", headers={"Host": "other.example", "Authorization": "Bearer t"})
    assert status == 421


def test_terminal_websocket_from_another_origin_is_refused(start_server):
    server = start_server("--storage", "memory")
    status, _, data = request(server.port, "POST", "/v1/processes", body={"command": "sleep", "args": ["30"], "tty": True})
    assert status == 200, data
    path = f"/v1/processes/{json.loads(data)['id']}/terminal/ws"
    status, frame = websocket_handshake(server.port, path, {"Origin": "https://evil.example"})
    assert status == 101 and '"status":403' in frame, (status, frame)
    status, frame = websocket_handshake(server.port, path, {"Origin": f"http://127.0.0.1:{server.port}"})
    assert status == 101 and '"type":"ready"' in frame, (status, frame)
