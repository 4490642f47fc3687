"""WebSockets accept permessage-deflate (RFC 7692) when the client offers it, as browsers do, and
work the same without it: the terminal WebSocket of a real server, with the `websockets` client."""

import json

from websockets.sync.client import connect

from test_auth_sweep import TOKEN, request


def terminal_url(server):
    status, _, data = request(
        server.port, "POST", "/v1/processes", body={"command": "cat", "tty": True},
        headers={"Authorization": f"Bearer {TOKEN}"})
    assert status == 200, data
    return f"ws://127.0.0.1:{server.port}/v1/processes/{json.loads(data)['id']}/terminal/ws?access_token={TOKEN}"


def echo(socket, text):
    """Sends `text` to the terminal and returns its output once the echo of `text` came back."""
    assert json.loads(socket.recv(timeout=30)) == {"type": "ready", "processId": socket.request.path.split("/")[3]}
    socket.send(json.dumps({"type": "input", "data": text + "\n"}))
    output = b""
    while text.encode() not in output:
        message = socket.recv(timeout=30)
        if isinstance(message, bytes):
            output += message
    return output


def test_a_client_offering_deflate_gets_it_and_the_same_terminal(start_server):
    server = start_server("--token", TOKEN, "--storage", "memory")
    with connect(terminal_url(server), compression="deflate") as socket:
        assert [extension.name for extension in socket.protocol.extensions] == ["permessage-deflate"]
        assert socket.response.headers["Sec-WebSocket-Extensions"].startswith("permessage-deflate")
        assert b"compressed hello" in echo(socket, "compressed hello " * 20)
    with connect(terminal_url(server), compression=None) as socket:
        assert socket.protocol.extensions == [] and "Sec-WebSocket-Extensions" not in socket.response.headers
        assert b"plain hello" in echo(socket, "plain hello")
