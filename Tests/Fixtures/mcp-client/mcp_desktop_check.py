#!/usr/bin/env python3
"""Drives sandbox-agent's desktop MCP server with the official MCP Python SDK (`mcp`, PyPI), a
client we did not write, for the end-to-end tests.

    mcp_desktop_check.py http URL [--header NAME=VALUE]...   # streamable HTTP at URL
    mcp_desktop_check.py stdio COMMAND [ARG]...              # a stdio server the SDK launches

Runs initialize, tools/list, then the tool calls read as JSON lines from stdin
({"name": ..., "arguments": {...}}), and prints one JSON line per step on stdout:
{"step": "initialize", "serverInfo": ..., "protocolVersion": ...}, {"step": "tools", "names": [...]},
then per call {"step": "call", "name": ..., "isError": ..., "types": [...], "text": ...,
"image": {"mimeType", "bytes", "width", "height"}}.
Exits 0 when every step ran (tool errors are reported, not fatal), 2 on a protocol failure.
"""
import argparse
import asyncio
import base64
import json
import signal
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import create_mcp_http_client, streamable_http_client


def emit(obj):
    sys.stdout.write(json.dumps(obj, sort_keys=True) + "\n")
    sys.stdout.flush()


async def run(session, calls):
    init = await session.initialize()
    emit({"step": "initialize", "serverInfo": init.server_info.name if hasattr(init, "server_info") else init.serverInfo.name,
          "protocolVersion": str(getattr(init, "protocol_version", getattr(init, "protocolVersion", "")))})
    tools = await session.list_tools()
    emit({"step": "tools", "names": [tool.name for tool in tools.tools]})
    for call in calls:
        result = await session.call_tool(call["name"], call.get("arguments") or {})
        texts = [block.text for block in result.content if getattr(block, "type", "") == "text"]
        images = [block for block in result.content if getattr(block, "type", "") == "image"]
        step = {"step": "call", "name": call["name"], "isError": bool(getattr(result, "is_error", getattr(result, "isError", False))),
                "types": [block.type for block in result.content], "text": "\n".join(texts)}
        if images:
            raw = base64.b64decode(images[0].data)
            step["image"] = {"mimeType": getattr(images[0], "mime_type", getattr(images[0], "mimeType", "")), "bytes": len(raw)}
            if raw[:8] == b"\x89PNG\r\n\x1a\n":  # the IHDR chunk holds the size
                step["image"].update(width=int.from_bytes(raw[16:20], "big"), height=int.from_bytes(raw[20:24], "big"))
        emit(step)


async def main():
    signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
    parser = argparse.ArgumentParser()
    parser.add_argument("transport", choices=["http", "stdio"])
    parser.add_argument("target")
    parser.add_argument("rest", nargs="*")
    parser.add_argument("--header", action="append", default=[])
    args = parser.parse_args()
    calls = [json.loads(line) for line in sys.stdin if line.strip()]
    if args.transport == "http":
        headers = dict(item.split("=", 1) for item in args.header)
        async with create_mcp_http_client(headers=headers) as http:
            async with streamable_http_client(args.target, http_client=http) as streams:
                async with ClientSession(streams[0], streams[1]) as session:
                    await run(session, calls)
    else:
        params = StdioServerParameters(command=args.target, args=args.rest)
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as session:
                await run(session, calls)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except Exception as error:  # a protocol failure is the test's failure, said plainly
        sys.stderr.write(f"mcp_desktop_check: {type(error).__name__}: {error}\n")
        sys.exit(2)
