"""The exception raised for every error answer of the server."""
import json
from typing import Any, Dict, Optional

import httpx


class SandboxAgentError(Exception):
    """An RFC 9457 problem answer. `code` is the last part of `type` (`urn:sandbox-agent:error:<code>`)."""

    def __init__(self, problem: Dict[str, Any]) -> None:
        self.problem = problem
        self.status: int = int(problem.get("status", 0))
        self.type: str = str(problem.get("type", ""))
        self.title: str = str(problem.get("title", ""))
        self.detail: str = str(problem.get("detail", ""))
        self.code: str = self.type.rsplit(":", 1)[-1]
        self.field: Optional[str] = problem.get("field")
        super().__init__(f"{self.status} {self.title}: {self.detail}")

    @classmethod
    def from_response(cls, response: httpx.Response, body: bytes) -> "SandboxAgentError":
        """The error of a non-2xx response whose body has been read."""
        try:
            problem = json.loads(body)
            if isinstance(problem, dict) and isinstance(problem.get("type"), str):
                problem.setdefault("status", response.status_code)
                return cls(problem)
        except ValueError:
            pass
        return cls({
            "type": f"urn:sandbox-agent:error:http_{response.status_code}",
            "title": response.reason_phrase or f"HTTP {response.status_code}",
            "status": response.status_code,
            "detail": body[:500].decode("utf-8", "replace"),
        })
