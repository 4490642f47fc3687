#!/usr/bin/env python3
"""A stdio MCP server with one tool, `shout` (the text in capitals), made with the official MCP
Python SDK (`mcp`, PyPI; Tests/Fixtures/mcp-client/requirements.txt). The end-to-end tests
configure it for a directory and check that an agent started there is offered the tool."""
from mcp.server.mcpserver import MCPServer

server = MCPServer("shout")


@server.tool()
def shout(text: str) -> str:
    """Return the text in capital letters."""
    return text.upper()


if __name__ == "__main__":
    server.run()
