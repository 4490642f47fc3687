"""Sessions, events, permissions, questions, errors, agents, ACP relay and config, sync and async."""
import asyncio
import tempfile

import pytest

from conftest import TOKEN, agent_text, eventually
from sandbox_agent import AsyncSandboxAgent, SandboxAgent, SandboxAgentError


def test_health_and_problem_details_errors(server, client):
    assert client.health()["status"] == "ok"
    with pytest.raises(SandboxAgentError) as missing:
        client.sessions.get("no-such-session")
    assert (missing.value.status, missing.value.code) == (404, "session_not_found")
    assert missing.value.problem["type"] == "urn:sandbox-agent:error:session_not_found"
    with pytest.raises(SandboxAgentError) as bad:
        client.sessions.create("mock", id="bad id!")
    assert bad.value.status == 400 and bad.value.detail
    with pytest.raises(SandboxAgentError) as bad_env:
        client.sessions.create("mock", env={"A=B": "x"})
    assert (bad_env.value.status, bad_env.value.field, bad_env.value.problem["field"]) == (400, "env", "env")
    with SandboxAgent(server.url, token="wrong") as stranger, pytest.raises(SandboxAgentError) as denied:
        stranger.health()
    assert (denied.value.status, denied.value.code) == (401, "token_invalid")


def test_agents(client):
    assert any(agent["id"] == "mock" for agent in client.agents.list()["agents"])
    assert client.agents.get("mock")["id"] == "mock"


def test_session_lifecycle(client):
    session = client.sessions.create("mock", cwd=tempfile.gettempdir())
    assert client.sessions.prompt(session["id"], "hello there") == {"stopReason": "end_turn"}
    assert "hello there" in agent_text(client, session["id"])
    modes = client.sessions.get(session["id"])["modes"]
    other = next(m["id"] for m in modes["availableModes"] if m["id"] != modes["currentModeId"])
    assert client.sessions.set_mode(session["id"], other)["modes"]["currentModeId"] == other
    option = client.sessions.get(session["id"])["configOptions"][0]
    value = next(o["value"] for o in option["options"] if o["value"] != option["currentValue"])
    configured = client.sessions.set_config(session["id"], option["id"], value)
    assert next(o for o in configured["configOptions"] if o["id"] == option["id"])["currentValue"] == value
    page = client.sessions.events(session["id"], offset=2, limit=3)
    assert [e["eventIndex"] for e in page["items"]] == [2, 3, 4] and page["nextOffset"] == 5
    assert any(s["id"] == session["id"] for s in client.sessions.list()["items"])
    client.sessions.start_prompt(session["id"], "/slow 200")
    client.sessions.cancel(session["id"])
    eventually(lambda: any((e["payload"].get("result") or {}).get("stopReason") == "cancelled"
                           for e in client.sessions.events(session["id"], limit=1000)["items"]), what="the cancelled turn")
    assert client.sessions.delete(session["id"])["status"] == "ended"
    assert client.sessions.resume(session["id"])["status"] == "active"
    assert client.sessions.prompt(session["id"], [{"type": "text", "text": "again"}]) == {"stopReason": "end_turn"}


def test_permission_round_trip(client):
    session = client.sessions.create("mock")
    client.sessions.start_prompt(session["id"], "/permission rm -rf build")
    seen = []

    def approve(request):
        seen.append(request)
        return "once"

    client.sessions.handle_permissions(session["id"], approve)
    assert [r["toolCall"]["rawInput"]["command"] for r in seen] == ["rm -rf build"]
    assert "Approved." in agent_text(client, session["id"])


def test_question_round_trip_async(server):
    async def run():
        async with AsyncSandboxAgent(server.url, token=TOKEN) as sdk:
            session = await sdk.sessions.create("mock")
            asked = []

            def answer(question):
                asked.append(question["message"])
                return {"answers": {"database": "postgres", "features": [], "poolSize": 2}}

            turn = asyncio.ensure_future(sdk.sessions.prompt(session["id"], "/ask Which database?"))
            await sdk.sessions.handle_questions(session["id"], answer)
            assert await turn == {"stopReason": "end_turn"}
            assert asked == ["Which database?"]
            events = (await sdk.sessions.events(session["id"], limit=1000))["items"]
            return "".join(e["payload"]["params"]["update"]["content"]["text"] for e in events
                           if e["payload"].get("method") == "session/update"
                           and e["payload"]["params"]["update"].get("sessionUpdate") == "agent_message_chunk")
    assert 'You answered: {"database":"postgres","features":[],"poolSize":2}' in asyncio.run(run())


def test_acp_relay_and_directory_config(client):
    relay = "relay-py"
    response = client.acp.send(relay, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                                       "params": {"protocolVersion": 1, "clientCapabilities": {}}}, agent="mock")
    assert response["id"] == 1 and response["result"]["protocolVersion"] == 1
    assert any(s["serverId"] == relay for s in client.acp.list()["servers"])
    created = client.acp.send(relay, {"jsonrpc": "2.0", "id": 2, "method": "session/new",
                                      "params": {"cwd": tempfile.gettempdir(), "mcpServers": []}})
    prompted = client.acp.send(relay, {"jsonrpc": "2.0", "id": 3, "method": "session/prompt", "params": {
        "sessionId": created["result"]["sessionId"], "prompt": [{"type": "text", "text": "relayed words"}]}})
    assert prompted["result"]["stopReason"] == "end_turn"
    # The stream from the start: Last-Event-ID 0 replays what the server still holds.
    messages = []
    for message in client.acp.stream(relay, last_event_id="0"):
        messages.append(message)
        if message.get("id") == 3:
            break
    assert messages[-1]["result"]["stopReason"] == "end_turn"
    assert "relayed words" in "".join(m["params"]["update"]["content"]["text"] for m in messages
                                      if m.get("method") == "session/update"
                                      and m["params"]["update"].get("sessionUpdate") == "agent_message_chunk")
    client.acp.close(relay)
    directory = tempfile.mkdtemp(prefix="sa-sdk-py-config-")
    client.config.set_mcp(directory, "shout", {"type": "local", "command": ["node", "server.js"]})
    assert client.config.get_mcp(directory, "shout")["command"] == ["node", "server.js"]
    client.config.delete_mcp(directory, "shout")
    with pytest.raises(SandboxAgentError) as gone:
        client.config.get_mcp(directory, "shout")
    assert gone.value.status == 404
    client.config.set_skills(directory, "mine", {"sources": [{"type": "local", "source": directory}]})
    assert client.config.get_skills(directory, "mine")["sources"][0]["source"] == directory
    client.config.delete_skills(directory, "mine")
    with pytest.raises(SandboxAgentError) as no_skill:
        client.config.get_skills(directory, "mine")
    assert no_skill.value.status == 404


def test_cancelling_an_in_flight_call(server):
    """Python's cancellation: cancelling the asyncio task of a waiting call, or the client's timeout."""
    import httpx

    async def run():
        async with AsyncSandboxAgent(server.url, token=TOKEN) as sdk:
            session = await sdk.sessions.create("mock")
            turn = asyncio.ensure_future(sdk.sessions.prompt(session["id"], "/slow 2000"))

            async def ticking():
                items = (await sdk.sessions.events(session["id"], limit=1000))["items"]
                return any(((e["payload"].get("params") or {}).get("update") or {}).get("content", {}).get("text") == "tick 1 "
                           for e in items)
            deadline = asyncio.get_running_loop().time() + 30
            while not await ticking():
                assert asyncio.get_running_loop().time() < deadline, "timed out waiting for the slow turn's first tick"
                await asyncio.sleep(0.05)
            assert not turn.done()
            turn.cancel()
            with pytest.raises(asyncio.CancelledError):
                await turn
            await sdk.sessions.cancel(session["id"])
            assert (await sdk.health())["status"] == "ok"
            return session["id"]
    session_id = asyncio.run(run())

    with SandboxAgent(server.url, token=TOKEN, timeout=1.0) as impatient, pytest.raises(httpx.TimeoutException):
        impatient.sessions.prompt(session_id, "/slow 2000")
    with SandboxAgent(server.url, token=TOKEN) as sdk:
        sdk.sessions.cancel(session_id)
