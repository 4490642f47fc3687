"""Files (50 MB streamed both ways in bounded memory, tar upload) and processes (tty I/O)."""
import base64
import hashlib
import io
import os
import tarfile
import tempfile
import tracemalloc

import pytest

from sandbox_agent import SandboxAgentError


def test_file_operations_and_tar_upload(client):
    root = tempfile.mkdtemp(prefix="sa-sdk-py-fs-")
    client.fs.mkdir(f"{root}/sub")
    assert client.fs.write(f"{root}/sub/a.txt", "héllo")["bytesWritten"] == 6
    assert client.fs.read(f"{root}/sub/a.txt").decode() == "héllo"
    assert client.fs.stat(f"{root}/sub/a.txt")["size"] == 6
    client.fs.move(f"{root}/sub/a.txt", f"{root}/b.txt")
    assert sorted(e["name"] for e in client.fs.list(root)) == ["b.txt", "sub"]
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        info = tarfile.TarInfo("unpacked/c.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"tar"))
    client.fs.upload_batch(archive.getvalue(), root)
    assert client.fs.read(f"{root}/unpacked/c.txt") == b"tar"
    client.fs.delete(f"{root}/sub", recursive=True)
    with pytest.raises(SandboxAgentError) as gone:
        client.fs.stat(f"{root}/sub")
    assert gone.value.status == 404


def test_fifty_megabytes_stream_both_ways_in_bounded_memory(client):
    size, chunk = 50 * 1024 * 1024, 256 * 1024
    path = os.path.join(tempfile.mkdtemp(prefix="sa-sdk-py-big-"), "big.bin")
    sent = hashlib.sha256()

    def chunks():
        for i in range(size // chunk):
            data = bytes([i % 251]) * chunk
            sent.update(data)
            yield data

    tracemalloc.start()
    try:
        assert client.fs.write(path, chunks())["bytesWritten"] == size
        _, upload_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        received, total = hashlib.sha256(), 0
        for part in client.fs.read_stream(path):
            received.update(part)
            total += len(part)
        _, download_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert total == size and received.hexdigest() == sent.hexdigest()
    assert upload_peak < size / 10, f"upload peak {upload_peak} bytes"
    assert download_peak < size / 10, f"download peak {download_peak} bytes"


def test_processes_run_and_a_tty_shell(client):
    assert client.processes.config()["maxConcurrentProcesses"] > 0
    run = client.processes.run("sh", ["-c", "echo out; echo err >&2; exit 3"])
    assert (run["exitCode"], run["stdout"], run["stderr"]) == (3, "out\n", "err\n")
    shell = client.processes.start("sh", tty=True, cols=80, rows=24)
    client.processes.resize(shell["id"], 100, 30)
    client.processes.input(shell["id"], "echo sum=$((40+2)); stty size\n")
    output, final = "", None
    for item in client.processes.follow_logs(shell["id"]):
        if "sequence" not in item:
            final = item
            break
        output += base64.b64decode(item["data"]).decode(errors="replace")
        if "sum=42" in output and "30 100" in output and "exit 7" not in output:
            client.processes.input(shell["id"], b"exit 7\n")
            output += "exit 7"
    assert final is not None and final["exitCode"] == 7, output
    assert any(p["id"] == shell["id"] for p in client.processes.list()["processes"])
    assert client.processes.logs(shell["id"])["entries"]
    client.processes.delete(shell["id"])
    sleeper = client.processes.start("sleep", ["60"])
    assert client.processes.kill(sleeper["id"], wait_ms=5000)["status"] == "exited"
    assert client.processes.stop(sleeper["id"])["status"] == "exited"


def test_a_tty_shell_over_the_terminal_websocket(client):
    shell = client.processes.start("sh", tty=True, cols=80, rows=24)
    terminal = client.processes.terminal(shell["id"])
    try:
        assert terminal.process_id == shell["id"]
        terminal.resize(100, 30)
        terminal.write("echo sum=$((40+2)); stty size\n")
        output = ""
        while "sum=42" not in output or "30 100" not in output:
            chunk = terminal.read()
            assert chunk is not None, output
            output += chunk.decode(errors="replace")
        terminal.write(b"exit 7\n")
        for _ in terminal.output():
            pass
        assert terminal.exit_code == 7
    finally:
        terminal.close()
    with pytest.raises(ConnectionError):
        client.processes.terminal(client.processes.start("true")["id"])


def test_the_async_terminal(server):
    import asyncio

    from conftest import TOKEN
    from sandbox_agent import AsyncSandboxAgent

    async def run():
        async with AsyncSandboxAgent(server.url, token=TOKEN) as sdk:
            shell = await sdk.processes.start("sh", tty=True)
            terminal = await sdk.processes.terminal(shell["id"])
            await terminal.write("echo async-$((6*7)); exit 3\n")
            output = b"".join([chunk async for chunk in terminal.output()])
            await terminal.close()
            return output, terminal.exit_code
    output, code = asyncio.run(run())
    assert b"async-42" in output and code == 3


def test_process_config_changes_the_limits_of_a_run(client):
    config = client.processes.config()
    try:
        assert client.processes.set_config({**config, "maxOutputBytes": 10})["maxOutputBytes"] == 10
        assert client.processes.config()["maxOutputBytes"] == 10
        run = client.processes.run("sh", ["-c", "printf 0123456789abcdef"])
        assert (run["stdout"], run["stdoutTruncated"]) == ("0123456789", True)
    finally:
        assert client.processes.set_config(config) == config
