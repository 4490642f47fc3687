"""Plain HTTP/1.1 requests whose path is sent exactly as written (no normalisation)."""
import http.client
import json


def request(port, method, path, body=None, headers=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        payload = body
        all_headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            payload = json.dumps(body).encode()
            all_headers.setdefault("Content-Type", "application/json")
        has_host = any(name.lower() == "host" for name in all_headers)
        connection.putrequest(method, path, skip_host=has_host, skip_accept_encoding=True)
        for name, value in all_headers.items():
            connection.putheader(name, value)
        if payload is not None:
            connection.putheader("Content-Length", str(len(payload)))
        connection.endheaders(payload)
        response = connection.getresponse()
        data = response.read()
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), data
    finally:
        connection.close()


def problem_code(data):
    try:
        return json.loads(data).get("type", "").rsplit(":", 1)[-1]
    except (ValueError, AttributeError):
        return None
