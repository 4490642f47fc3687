"""The event iterator across a server restart: no gaps, no duplicates."""
import threading

from conftest import TOKEN, eventually, start_server
from sandbox_agent import SandboxAgent


def test_event_iterator_resumes_across_a_server_restart():
    server = start_server()
    try:
        with SandboxAgent(server.url, token=TOKEN) as sdk:
            session = sdk.sessions.create("mock")
            sdk.sessions.prompt(session["id"], "before the restart")
            indices, disconnects, total_known = [], [], []

            def consume():
                with SandboxAgent(server.url, token=TOKEN) as reader:
                    for event in reader.sessions.stream(session["id"], retry_delay=0.1, on_disconnect=disconnects.append):
                        indices.append(event["eventIndex"])
                        if total_known and len(indices) >= total_known[0]:
                            return

            thread = threading.Thread(target=consume, daemon=True)
            thread.start()
            before = sdk.sessions.events(session["id"], limit=1000)["nextOffset"]
            eventually(lambda: len(indices) >= before, what="the replayed transcript")
            server.stop()
            server = start_server(restart_of=server)
            eventually(lambda: disconnects, what="the disconnect")
            sdk.sessions.resume(session["id"])
            sdk.sessions.prompt(session["id"], "after the restart")
            total = sdk.sessions.events(session["id"], limit=1000)["nextOffset"]
            assert total > before + 2
            total_known.append(total)
            eventually(lambda: len(indices) >= total, what=f"events up to {total}")
            assert indices[:total] == list(range(total))
    finally:
        server.stop()
