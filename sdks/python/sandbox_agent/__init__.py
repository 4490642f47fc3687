"""Python client of the sandbox-agent HTTP API: `SandboxAgent` (blocking) and `AsyncSandboxAgent`
(asyncio), with the API's request and response types (TypedDicts generated from its OpenAPI document)."""
from . import _generated as types
from ._async_client import AsyncSandboxAgent, AsyncTerminal
from ._errors import SandboxAgentError
from ._shared import Screenshot, ServerSentEvent
from ._sync_client import SandboxAgent, Terminal

__all__ = ["SandboxAgent", "AsyncSandboxAgent", "SandboxAgentError", "Screenshot", "ServerSentEvent", "Terminal",
           "AsyncTerminal", "types"]
__version__ = "0.1.0"
