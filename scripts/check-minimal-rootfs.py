#!/usr/bin/env python3
"""Proves the release binary runs on a minimal Debian (debootstrap --variant=minbase bookworm: glibc
and Debian's required packages; no X11, no image codecs, no SQLite): copies the binary and its
resource bundle into that root file system, starts the server there under chroot (in its own mount
and PID namespaces, with /proc, /dev and a fresh /tmp), and checks over HTTP that health, file
listing, process runs and a mock-agent session work, that the desktop reports `install_required`
with the install command, and that starting it is a 503 ProblemDetails naming the missing
libraries, not a crash.

    scripts/check-minimal-rootfs.py .build-static/release     # `make minimal-check`

Needs root, unshare and chroot (util-linux, coreutils) and scripts/minbase-rootfs.sh's cache (built
on first use; SANDBOX_AGENT_MINBASE moves it). Exits non-zero with the reason on the first failure.
"""
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLE = "sandbox-agent_SandboxAgentResources.resources"
# What the desktop loads at start; none of them (nor SQLite, linked statically) is in minbase.
DESKTOP_LIBRARIES = ["libX11.so.6", "libXext.so.6", "libXtst.so.6", "libXfixes.so.3", "libXdamage.so.1",
                     "libdeflate.so.0", "libjpeg.so.62", "libwebp.so.7"]
ABSENT = DESKTOP_LIBRARIES + ["libsqlite3.so.0"]


def fail(message):
    sys.exit(f"FAIL (minimal root file system): {message}")


def check(condition, message):
    if not condition:
        fail(message)


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    fail(f"timed out after {seconds} s waiting for {what}")


class Server:
    """The server running chrooted in `root`; its log is `log_path` (outside the chroot's view)."""

    def __init__(self, root, binary, data, log_path):
        self.log_path = log_path
        script = ('mount --rbind /dev "$1/dev" && mount -t proc proc "$1/proc" && mount -t tmpfs tmpfs "$1/tmp" '
                  '&& shift && exec chroot "$@"')
        command = ["unshare", "--mount", "--pid", "--fork", "--propagation", "private", "sh", "-c", script, "sh",
                   root, root, "env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/root",
                   binary, "server", "--no-token", "--no-telemetry", "--host", "127.0.0.1", "--port", "0",
                   "--data-dir", data]
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = wait_for(self._listening_url, 30, "the server to print its URL (log: %s)" % log_path)

    def _listening_url(self):
        if self.process.poll() is not None:
            fail(f"the server exited with {self.process.returncode} before listening:\n{self.output()}")
        found = re.search(r"listening on (http://\S+)", self.output())
        return found and found.group(1).rstrip("/")

    def output(self):
        with open(self.log_path, errors="replace") as log:
            return log.read()

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers.get("Content-Type", ""), json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type", ""), json.loads(error.read() or b"null")

    def stop(self):
        """SIGTERM to the server (the namespace's first process, a child of unshare), then its exit status."""
        if self.process.poll() is None:
            children = open(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read().split()
            for child in children:
                os.kill(int(child), signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                fail("the server did not exit within 30 s of SIGTERM")
        self.log.close()
        return self.process.returncode


def exercise(server):
    status, _, body = server.request("GET", "/v1/health")
    check(status == 200 and body.get("status") == "ok", f"/v1/health: {status} {body}")

    status, _, body = server.request("GET", "/v1/fs/entries?path=/etc")
    names = [entry.get("name") for entry in body] if isinstance(body, list) else []
    check(status == 200 and "debian_version" in names, f"/v1/fs/entries?path=/etc: {status} {str(body)[:300]}")

    status, _, body = server.request("POST", "/v1/processes/run", {"command": "cat", "args": ["/etc/debian_version"]})
    check(status == 200 and body.get("exitCode") == 0 and body.get("stdout", "").startswith("12"),
          f"/v1/processes/run cat /etc/debian_version: {status} {body}")

    status, _, body = server.request("POST", "/v1/sessions", {"agent": "mock"})
    check(status == 200 and body.get("id"), f"POST /v1/sessions mock: {status} {body}")
    session = body["id"]
    status, _, body = server.request("POST", f"/v1/sessions/{session}/prompt",
                                     {"prompt": [{"type": "text", "text": "hello from minbase"}]})
    check(status == 200 and body.get("stopReason") == "end_turn", f"prompt: {status} {body}")
    status, _, body = server.request("GET", f"/v1/sessions/{session}/events?limit=1000")
    check(status == 200 and "hello from minbase" in json.dumps(body), f"the mock agent's echo in the events: {status} {str(body)[:300]}")

    status, _, body = server.request("GET", "/v1/desktop/status")
    check(status == 200 and body.get("state") == "install_required", f"/v1/desktop/status: {status} {body}")
    missing = body.get("missingDependencies", [])
    check(all(library in missing for library in DESKTOP_LIBRARIES) and "Xvfb" in missing,
          f"missingDependencies should name Xvfb and every desktop library: {missing}")
    check(body.get("installCommand") == "sandbox-agent install desktop --yes", f"installCommand: {body}")
    print(f"GET /v1/desktop/status -> state {body['state']}, missingDependencies {missing}, installCommand {body['installCommand']!r}")

    status, content_type, body = server.request("POST", "/v1/desktop/start", {})
    check(status == 503 and content_type.startswith("application/problem+json")
          and "libX11.so.6" in body.get("detail", ""), f"POST /v1/desktop/start: {status} {content_type} {body}")
    print(f"POST /v1/desktop/start -> {status} {content_type}: {body.get('detail')}")

    status, _, body = server.request("GET", "/v1/health")
    check(status == 200, f"/v1/health after the desktop start was refused: {status} {body}")


def main():
    build_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPOSITORY, ".build-static/release")
    check(os.geteuid() == 0, "needs root (chroot, mount namespaces)")
    started = time.monotonic()
    root = subprocess.run([os.path.join(REPOSITORY, "scripts/minbase-rootfs.sh")], check=True,
                          stdout=subprocess.PIPE, text=True).stdout.strip().splitlines()[-1]
    present = [name for name in ABSENT if glob.glob(f"{root}/usr/lib/*/{name}") + glob.glob(f"{root}/lib/*/{name}")]
    check(not present, f"{root} is not minimal: it has {present}")

    stage = tempfile.mkdtemp(prefix="sandbox-agent-check-", dir=os.path.join(root, "opt"))
    inside = "/" + os.path.relpath(stage, root)
    server = None
    try:
        shutil.copy2(os.path.join(build_dir, "sandbox-agent"), stage)
        shutil.copytree(os.path.join(build_dir, BUNDLE), os.path.join(stage, BUNDLE))
        listing = subprocess.run(["chroot", root, "/lib64/ld-linux-x86-64.so.2", "--list", f"{inside}/sandbox-agent"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print("== shared libraries of the binary inside the minimal root file system:")
        print(re.sub(r" \(0x[0-9a-f]+\)", "", listing.stdout).rstrip())
        check(listing.returncode == 0 and "not found" not in listing.stdout, "a shared library is missing (above)")

        server = Server(root, f"{inside}/sandbox-agent", f"{inside}/data", os.path.join(stage, "server.log"))
        exercise(server)
        code = server.stop()
        check(code == 0, f"the server exited with {code} after SIGTERM:\n{server.output()}")
        server = None
    finally:
        if server is not None:
            print(server.output()[-4000:], file=sys.stderr)
            server.stop()
        shutil.rmtree(stage, ignore_errors=True)
    print(f"minimal root file system OK ({root}): health, fs, processes/run, mock session, desktop install_required "
          f"({time.monotonic() - started:.1f} s)")


if __name__ == "__main__":
    main()
