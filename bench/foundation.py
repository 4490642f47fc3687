#!/usr/bin/env python3
"""Foundation benchmarks: cold start, idle memory, /v1/health throughput, processes/run round trip.

Each figure is set beside an anchor measured in the same run on the same machine:
  - nginx (Debian's nginx-light) serving the same health JSON as a static file: the bar for
    a native HTTP server's start time, memory and throughput;
  - Python's subprocess.run(["true"]) in-process: the floor for a fork/exec round trip without HTTP.
Reports medians (and p99 where it matters) and ratios. Nothing here asserts a speed.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port, deadline_s=10.0):
    """Polls GET /v1/health until it answers 200; returns seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < deadline_s:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/v1/health")
            if conn.getresponse().status == 200:
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.001)
    raise RuntimeError(f"no healthy answer on port {port} within {deadline_s}s")


def children_of(pid):
    """Pids whose parent is `pid`, read from /proc."""
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        children.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return children


def status_kib(pids, field):
    """Sum of a /proc/PID/status field (VmRSS, RssAnon, ...) over `pids`, in KiB."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as f:
            total += int(re.search(field + r":\s+(\d+)", f.read()).group(1))
    return total


class SandboxAgent:
    def __init__(self, binary):
        self.binary = binary

    def start(self):
        self.port = free_port()
        self.data = tempfile.mkdtemp(prefix="sa-bench-")
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [self.binary, "server", "--port", str(self.port), "--no-token", "--data-dir", self.data,
             "--log-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return self

    def pids(self):
        return [self.proc.pid]

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(10)
        shutil.rmtree(self.data, ignore_errors=True)


class Nginx:
    def __init__(self, binary):
        self.binary = binary

    def start(self):
        self.port = free_port()
        self.root = tempfile.mkdtemp(prefix="nginx-bench-")
        os.makedirs(f"{self.root}/www/v1")
        with open(f"{self.root}/www/v1/health", "w") as f:
            f.write('{"status":"ok","version":"0.1.0"}')
        with open(f"{self.root}/nginx.conf", "w") as f:
            f.write(f"""
daemon off; worker_processes 1; pid {self.root}/nginx.pid; error_log {self.root}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {self.root}; proxy_temp_path {self.root};
  fastcgi_temp_path {self.root}; uwsgi_temp_path {self.root}; scgi_temp_path {self.root};
  server {{ listen 127.0.0.1:{self.port}; root {self.root}/www; default_type application/json; }} }}
""")
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen([self.binary, "-c", f"{self.root}/nginx.conf", "-p", self.root],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return self

    def pids(self):
        return [self.proc.pid] + children_of(self.proc.pid)

    def stop(self):
        self.proc.send_signal(signal.SIGQUIT)
        self.proc.wait(10)
        shutil.rmtree(self.root, ignore_errors=True)


def cold_start(server, runs):
    times = []
    for _ in range(runs):
        s = server.start()
        wait_healthy(s.port)
        times.append((time.perf_counter() - s.t0) * 1000)
        s.stop()
    return statistics.median(times)


def idle_memory(server):
    """(RSS, anonymous RSS) in MiB after one idle second. RSS also counts the clean, shared
    pages of the executable that were touched; the anonymous part is the server's own heap."""
    s = server.start()
    wait_healthy(s.port)
    time.sleep(1.0)
    rss, anon = status_kib(s.pids(), "VmRSS"), status_kib(s.pids(), "RssAnon")
    s.stop()
    return rss / 1024, anon / 1024


def throughput(server, seconds, connections):
    s = server.start()
    wait_healthy(s.port)
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", f"http://127.0.0.1:{s.port}/v1/health"],
                         capture_output=True, text=True, check=True).stdout
    s.stop()
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def run_round_trips(binary, count):
    s = SandboxAgent(binary).start()
    wait_healthy(s.port)
    conn = http.client.HTTPConnection("127.0.0.1", s.port)
    body = json.dumps({"command": "true"})
    samples = []
    for _ in range(count):
        t = time.perf_counter()
        conn.request("POST", "/v1/processes/run", body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        payload = json.loads(response.read())
        samples.append((time.perf_counter() - t) * 1000)
        assert payload["exitCode"] == 0, payload
    s.stop()
    return samples


def local_round_trips(count):
    samples = []
    for _ in range(count):
        t = time.perf_counter()
        subprocess.run(["true"], check=True)
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def p99(samples):
    return sorted(samples)[max(0, int(len(samples) * 0.99) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--runs", type=int, default=20, help="cold starts per server")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--round-trips", type=int, default=300)
    args = parser.parse_args()
    nginx_binary = shutil.which("nginx") or "/usr/sbin/nginx"
    ours, anchor = SandboxAgent(args.binary), Nginx(nginx_binary)

    rows = []
    a, b = cold_start(ours, args.runs), cold_start(anchor, args.runs)
    rows.append(("cold start to healthy /v1/health (median ms)", a, b, "nginx", a / b))
    (a_rss, a_anon), (b_rss, b_anon) = idle_memory(ours), idle_memory(anchor)
    rows.append(("idle RSS (MiB)", a_rss, b_rss, "nginx (master+worker)", a_rss / b_rss))
    rows.append(("idle anonymous RSS (MiB)", a_anon, b_anon, "nginx (master+worker)", a_anon / b_anon))
    a = throughput(ours, args.seconds, args.connections)
    b = throughput(anchor, args.seconds, args.connections)
    rows.append((f"GET /v1/health, wrk -t2 -c{args.connections} (req/s)", a, b, "nginx static file", a / b))
    ours_rt, local_rt = run_round_trips(args.binary, args.round_trips), local_round_trips(args.round_trips)
    a, b = statistics.median(ours_rt), statistics.median(local_rt)
    rows.append(("POST /v1/processes/run `true` (median ms)", a, b, "subprocess.run in-process", a / b))
    rows.append(("POST /v1/processes/run `true` (p99 ms)", p99(ours_rt), p99(local_rt), "subprocess.run in-process",
                 p99(ours_rt) / p99(local_rt)))

    print(f"{'measure':<52} {'sandbox-agent':>14} {'anchor':>10}  {'anchor name':<28} {'ratio':>6}")
    for name, ours_value, anchor_value, anchor_name, ratio in rows:
        print(f"{name:<52} {ours_value:>14.2f} {anchor_value:>10.2f}  {anchor_name:<28} {ratio:>6.2f}")


if __name__ == "__main__":
    main()
