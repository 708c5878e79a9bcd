"""What the benches share: a throwaway database, manage.py, and gunicorn on a free port.

Helper modules start with an underscore, so that ``make bench`` does not run them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
VAR = ROOT / "var" / "bench"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


class BenchDatabase:
    """A fresh database for one bench run: a SQLite file under var/bench/ or a PostgreSQL
    database named after the process, dropped afterwards."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        if kind == "sqlite":
            self.path = VAR / f"intake-{os.getpid()}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        elif kind == "postgres":
            self.name = f"samla_bench_{os.getpid()}"
            self.url = f"{PG_SERVER}/{self.name}"
        else:
            raise ValueError(kind)

    def create(self) -> None:
        VAR.mkdir(parents=True, exist_ok=True)
        self.drop()
        if self.kind == "postgres":
            self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        else:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(statement)


def django_env(database: BenchDatabase, **extra: str) -> dict[str, str]:
    """The environment of the demo installation with DEBUG off and the bench's settings."""
    env = dict(os.environ)
    for name in ("SAMLA_DEBUG", "DJANGO_SETTINGS_MODULE", "SAMLA_CACHE_URL"):
        env.pop(name, None)
    static = VAR / "static"
    static.mkdir(parents=True, exist_ok=True)
    env.update(
        {
            "SAMLA_DEMO": "true",
            "SAMLA_HTTPS": "false",
            "SAMLA_LOG_LEVEL": "WARNING",
            "SAMLA_STATIC_ROOT": str(static),
            "DATABASE_URL": database.url,
            "DJANGO_SETTINGS_MODULE": "_server_settings",
            "PYTHONPATH": os.pathsep.join(
                [str(BENCH_DIR), str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
        }
    )
    env.update(extra)
    return env


def run_python(env: dict[str, str], *args: str) -> str:
    """Run a Python script or manage.py with the bench environment; its output, or a
    RuntimeError with the output when it fails."""
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn serving the bench settings on 127.0.0.1; a context manager."""

    def __init__(
        self, env: dict[str, str], workers: int, threads: int, log: Path, worker_class: str = ""
    ) -> None:
        self.env = env
        self.workers = workers
        self.threads = threads
        self.worker_class = worker_class or ("gthread" if threads > 1 else "sync")
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen | None = None

    @property
    def describe(self) -> str:
        return f"gunicorn {self.worker_class} {self.workers}w×{self.threads}t"

    def __enter__(self) -> Gunicorn:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "samla.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--threads",
            str(self.threads),
            "--backlog",
            "2048",
            "--keep-alive",
            "5",
            "--timeout",
            "60",
            "--error-logfile",
            str(self.log),
            # gunicorn 27 opens a control socket under ~/.gunicorn by default: one path for
            # every server on the machine; the bench needs none.
            "--no-control-socket",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start; see {self.log}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/svar/", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer within 30 s; see {self.log}")

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def busy_share(seconds: float = 1.0) -> float:
    """The share of all CPUs busy over ``seconds`` (other work on the machine skews a bench)."""

    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle + iowait
        return sum(fields), idle

    total_before, idle_before = sample()
    time.sleep(seconds)
    total_after, idle_after = sample()
    total = total_after - total_before
    return 1 - (idle_after - idle_before) / total if total else 0.0


def tree_cpu_seconds(root_pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its children (gunicorn's
    master and workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text.rsplit(")", 1)[1].split()
        pid, parent = int(stat.parent.name), int(fields[1])
        if root_pid in (pid, parent):
            used += int(fields[11]) + int(fields[12])
    return used / ticks
