"""Agent installs with progress, against the local stand-in for npm, GitHub and the ACP registry."""
import asyncio

import pytest

from conftest import TOKEN, _security
from sandbox_agent import AsyncSandboxAgent, SandboxAgent, SandboxAgentError


@pytest.fixture(scope="module")
def distribution():
    started = _security.AgentDistribution()
    yield started.env
    started.stop()


@pytest.fixture
def installing_server(distribution):
    server = _security.Server(["--token", TOKEN, "--storage", "memory"], env=distribution)
    yield server
    server.stop()


def test_install_reports_progress_then_the_result(installing_server):
    steps = []
    with SandboxAgent(installing_server.url, token=TOKEN) as client:
        result = client.agents.install("claude", on_progress=steps.append)
        assert result["already_installed"] is False and result["artifacts"][0]["version"] == "2.1.400"
        phases = [step["phase"] for step in steps]
        assert phases[0] == "resolving" and "downloading" in phases and phases[-1] == "unpacking", steps
        last = [step for step in steps if step["phase"] == "downloading"][-1]
        assert last["receivedBytes"] == last["totalBytes"] > 0
        again = []
        assert client.agents.install("claude", on_progress=again.append)["already_installed"] is True
        assert again == []
        with pytest.raises(SandboxAgentError) as missing:
            client.agents.install("codex", on_progress=steps.append, agentVersion="9.9.9")
        assert (missing.value.status, missing.value.code) == (404, "agent_version_not_found")


def test_async_install_reports_progress(installing_server):
    steps = []

    async def run():
        async with AsyncSandboxAgent(installing_server.url, token=TOKEN) as client:
            result = await client.agents.install("amp", on_progress=steps.append)
            with pytest.raises(SandboxAgentError) as unknown:
                await client.agents.install("nope", on_progress=steps.append)
            return result, unknown.value

    result, unknown = asyncio.run(run())
    assert result["already_installed"] is False and steps and steps[0]["phase"] == "resolving"
    assert (unknown.status, unknown.code) == (400, "unsupported_agent")
