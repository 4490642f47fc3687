"""A throwaway PostgreSQL cluster for the benchmarks: initdb + pg_ctl in a temporary directory on
a free loopback port (as the `postgres` user when run as root), with PostgreSQL's default
durability (fsync and synchronous_commit on). Needs Debian's postgresql package."""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self):
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
        if not versions:
            raise RuntimeError("PostgreSQL server programs not found: apt-get install postgresql")
        self.bin = os.path.dirname(versions[-1])
        self.dir = tempfile.mkdtemp(prefix="sa-bench-pg-")
        self.user = "postgres" if os.getuid() == 0 else None
        if self.user:
            account = pwd.getpwnam(self.user)
            os.chown(self.dir, account.pw_uid, account.pw_gid)
        self.port = _free_port()
        self._run("initdb", "-D", f"{self.dir}/data", "-U", "sandbox", "--auth=trust", "-E", "UTF8", "--locale=C")
        self._run("pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/server.log", "-w", "-t", "60",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start")

    def _run(self, program, *args):
        command = [f"{self.bin}/{program}", *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def database(self, name):
        """Creates database `name` and returns its URL."""
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "sandbox", name)
        return f"postgres://sandbox@127.0.0.1:{self.port}/{name}?sslmode=disable"

    def query(self, name, *commands):
        """Runs `commands` (SQL or psql meta-commands) in database `name` with psql; returns their
        output unaligned (`a|b` per row)."""
        command = [f"{self.bin}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "sandbox", "-d", name, "-AtX",
                   "-v", "ON_ERROR_STOP=1"] + [arg for sql in commands for arg in ("-c", sql)]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()

    def stop(self):
        try:
            self._run("pg_ctl", "-D", f"{self.dir}/data", "-w", "-m", "fast", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
