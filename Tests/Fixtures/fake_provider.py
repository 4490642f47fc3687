"""What the fake model providers (fake-model-server, fake-openai-server) share: a request
handler that logs every request body as a JSON line, and the command line that serves it.

    serve(Handler, "Fake … API for tests")   # --port 0 --log FILE; prints {"port": N}
"""
import argparse
import http.server
import json
import os
import re
import signal
import threading
import time

LOCK = threading.Lock()


class LoggingHandler(http.server.BaseHTTPRequestHandler):
    """Quiet HTTP/1.1 handler: GET is 404; POST bodies are read, parsed and logged."""

    protocol_version = "HTTP/1.1"
    log_path = None
    counter = 0

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.send_response(404)
        self.send_header("content-length", "0")
        self.end_headers()

    def read_logged_body(self):
        """The request body as JSON ({"unparsed": text} when it is not), appended to the log."""
        raw = self.rfile.read(int(self.headers.get("content-length", 0)))
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {"unparsed": raw.decode(errors="replace")}
        if LoggingHandler.log_path:
            with LOCK, open(LoggingHandler.log_path, "a") as log:
                log.write(json.dumps({"path": self.path, "body": body}) + "\n")
        return body

    @staticmethod
    def next_number():
        """1, 2, 3, … across requests: numbers the scripted turns."""
        with LOCK:
            LoggingHandler.counter += 1
            return LoggingHandler.counter

    def send_json(self, payload, status=200):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def streamed_words(prompt):
    """("words", pieces, rate) for a prompt asking "please stream N words at R/s": the text
    "w1 w2 … wN " in one piece per word, to be sent R per second (backpressure tests); else None."""
    match = re.search(r"please stream (\d+) words at (\d+)/s", prompt)
    if not match:
        return None
    return ("words", [f"w{index} " for index in range(1, int(match.group(1)) + 1)], int(match.group(2)))


def text_pieces(answer):
    """The text deltas of a text answer and how many to send per second (None: at once): the
    words of a "words" answer, else the text in two halves."""
    if answer[0] == "words":
        return answer[1], answer[2]
    half = len(answer[1]) // 2
    return [answer[1][:half], answer[1][half:]], None


def paced(pieces, rate):
    """Yields `pieces`, `rate` per second (all at once when rate is None)."""
    start = time.monotonic()
    for index, piece in enumerate(pieces):
        if rate:
            time.sleep(max(0.0, start + index / rate - time.monotonic()))
        yield piece


def serve(handler, description):
    """Parses --port/--log, serves `handler` on 127.0.0.1 and prints {"port": N} once listening."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log")
    args = parser.parse_args()
    # The test harness stops us with SIGTERM, but a parent may pass signals down blocked or ignored.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    LoggingHandler.log_path = args.log
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    server.daemon_threads = True
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    server.serve_forever()
