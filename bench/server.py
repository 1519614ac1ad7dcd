"""Starting the application on 127.0.0.1 and watching its memory.

gunicorn with 2 sync workers by default (production's server); ``kind`` ``gthread`` (gunicorn's
threaded workers) or ``granian`` (granian's WSGI mode, a bench-only dependency) to compare.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

WORKERS = 2
THREADS = 4  # per worker, for gthread and granian when not given


def free_port() -> int:
    """A free port, or ``JAMLIK_BENCH_PORT`` when set (machines where each user has a range)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # A fixed port is reused run after run: the last run's connections may still be in TIME_WAIT.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", int(os.environ.get("JAMLIK_BENCH_PORT") or 0)))
        return int(sock.getsockname()[1])


class Server:
    def __init__(
        self, env: dict[str, str], log: Path, *, kind: str = "sync", workers: int = WORKERS, threads: int | None = None
    ) -> None:
        self.env = env
        self.port = free_port()
        self.log = log
        self.kind = kind
        self.workers = workers
        self.threads = 1 if kind == "sync" else (threads or THREADS)
        self.process: subprocess.Popen[bytes] | None = None

    def describe(self) -> str:
        if self.kind == "granian":
            return f"granian WSGI, {self.workers} workers x {self.threads} blocking threads, 127.0.0.1"
        if self.kind == "gthread":
            return f"gunicorn, {self.workers} gthread workers x {self.threads} threads, 127.0.0.1"
        return f"gunicorn, {self.workers} sync workers, 127.0.0.1"

    def command(self) -> list[str]:
        if self.kind == "granian":
            return [
                str(Path(sys.executable).with_name("granian")),
                "--interface",
                "wsgi",
                "jamlik.wsgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "--blocking-threads",
                str(self.threads),
                "--backlog",
                "2048",
                "--log-level",
                "warning",
                "--no-ws",
            ]
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "jamlik.wsgi",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--backlog",
            "2048",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        if self.kind == "gthread":
            command += ["--worker-class", "gthread", "--threads", str(self.threads)]
        return command

    def start(self) -> None:
        command = self.command()
        with self.log.open("ab") as log:
            env = {**self.env, "JAMLIK_SITE_URL": f"http://127.0.0.1:{self.port}"}
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 180  # a busy shared machine takes a while to import Django twice
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped at start; see {self.log}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/bench/baseline/", timeout=5) as response:
                    if response.status == 200 and len(self.worker_pids()) >= self.workers:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the server did not answer within 180 s; see {self.log}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        master = self.process.pid
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The second field (the command) may hold spaces; the parent id follows its closing bracket.
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
        return sorted(pids)

    def reset_peak_memory(self) -> None:
        """Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0), so each scenario's peak is its own."""
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                Path(f"/proc/{pid}/clear_refs").write_text("5")

    def peak_memory_mb(self) -> float:
        """The largest VmHWM (peak resident memory) among the workers, in MiB."""
        peak = 0
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
            except OSError:
                continue
        return round(peak / 1024, 1)
