"""Shared fixtures: a PostgreSQL cluster from scripts/pg.sh and a production-like gunicorn server.

Both are context managers that always clean up, also on Ctrl-C and exceptions: the server is stopped,
and the database cluster too unless it was already running before the benchmark.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench._proc import cores

REPO = Path(__file__).resolve().parents[1]
PG_SH = REPO / "scripts" / "pg.sh"
REDIS_SH = REPO / "scripts" / "redis.sh"
RUN_DIR = REPO / "var" / "bench"


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Database:
    url: str
    pid: int
    version: str


@contextmanager
def postgres(purpose: str = "bench", *, keep: bool = False) -> Iterator[Database]:
    """The `bench` cluster of scripts/pg.sh (port 55433 unless LAPAK_PG_PORT says otherwise).

    A cluster this run started is stopped and deleted at the end, unless `keep` (a seeded catalogue is worth
    keeping for the next run)."""
    env = {**os.environ, "LAPAK_PG_PURPOSE": purpose}
    already_running = subprocess.run([PG_SH, "status"], env=env, capture_output=True).returncode == 0
    try:
        subprocess.run([PG_SH, "start"], env=env, check=True, stdout=sys.stderr)
        status = subprocess.run([PG_SH, "status"], env=env, check=True, capture_output=True, text=True).stdout
        url = subprocess.run([PG_SH, "url"], env=env, check=True, capture_output=True, text=True).stdout.strip()
        yield Database(url=url, pid=int(re.search(r"pid=(\d+)", status).group(1)), version=_server_version(url))
    finally:
        if not already_running and not keep:
            subprocess.run([PG_SH, "stop"], env=env, stdout=sys.stderr)
        elif not already_running:
            log(f"the {purpose} cluster keeps running; LAPAK_PG_PURPOSE={purpose} scripts/pg.sh stop removes it")


@dataclass(frozen=True)
class Cache:
    url: str
    pid: int


@contextmanager
def redis(purpose: str = "bench") -> Iterator[Cache]:
    """A Redis from scripts/redis.sh for the server's cache (as in production, shared by every worker);
    stopped at the end unless it was already running."""
    env = {**os.environ, "LAPAK_REDIS_PURPOSE": purpose}
    already_running = subprocess.run([REDIS_SH, "status"], env=env, capture_output=True).returncode == 0
    try:
        subprocess.run([REDIS_SH, "start"], env=env, check=True, stdout=sys.stderr)
        status = subprocess.run([REDIS_SH, "status"], env=env, check=True, capture_output=True, text=True).stdout
        url = subprocess.run([REDIS_SH, "url"], env=env, check=True, capture_output=True, text=True).stdout.strip()
        yield Cache(url=url, pid=int(re.search(r"pid=(\d+)", status).group(1)))
    finally:
        if not already_running:
            subprocess.run([REDIS_SH, "stop"], env=env, stdout=sys.stderr)


def _server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as connection:
        number = connection.info.server_version  # e.g. 150018
    return f"{number // 10000}.{number % 10000}"


def django_env(database_url: str) -> dict[str, str]:
    """The environment of a production deployment on this machine: DEBUG off, secure defaults, PostgreSQL."""
    env = {key: value for key, value in os.environ.items() if key not in {"SOCIAL_DATABASE_URL", "REDIS_URL"}}
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    env.update(
        DJANGO_SETTINGS_MODULE="lapak.config.settings",
        PYTHONPATH=str(REPO / "src"),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0",
        DATABASE_URL=database_url,
        LAPAK_VAR_DIR=str(RUN_DIR),
        STATIC_ROOT=str(RUN_DIR / "static"),
        LOG_LEVEL="WARNING",
    )
    return env


def django_prepare(env: dict[str, str]) -> None:
    """Migrates both database aliases and collects static files (DEBUG off serves them from the manifest)."""
    manage = [sys.executable, str(REPO / "manage.py")]
    for alias in ("default", "social"):
        log(f"migrate --database {alias}")
        subprocess.run([*manage, "migrate", "--database", alias, "--noinput", "-v", "0"], env=env, check=True,
                       cwd=REPO, stdout=sys.stderr)
    log("collectstatic")
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True, cwd=REPO,
                   stdout=sys.stderr)


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workers", type=int, default=2 * cores() + 1, help="gunicorn workers (default 2×cores+1)")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"], help="default sync")
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker (default 1)")


@dataclass(frozen=True)
class Server:
    base_url: str
    pid: int
    info: dict


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent() -> None:
    # If the benchmark itself is killed outright, the kernel sends SIGTERM to gunicorn (Linux prctl).
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


@contextmanager
def gunicorn_server(env: dict[str, str], *, workers: int, worker_class: str, threads: int,
                    app: str = "lapak.config.wsgi:application", name: str = "gunicorn") -> Iterator[Server]:
    """gunicorn serving `app` (Lapak by default) on a free loopback port; ready once /healthz answers 200.
    `name` names its log (var/bench/<name>.log)."""
    port = _free_port()
    log_path = RUN_DIR / f"{name}.log"
    # No control socket: its default path is per user, so two gunicorns at once (Lapak and the sandbox
    # gateway) would clash over it.
    command = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--worker-class", worker_class, "--threads", str(threads),
               "--graceful-timeout", "5", "--log-level", "warning", "--worker-tmp-dir", "/dev/shm",
               "--no-control-socket"]
    log(f"starting {name} on 127.0.0.1:{port}: {workers} {worker_class} workers × {threads} threads")
    with log_path.open("w") as log_file:
        process = subprocess.Popen(command, env=env, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT,
                                   start_new_session=True, preexec_fn=_die_with_parent)
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_healthy(base_url, process, log_path)
        info = {"kind": "gunicorn", "worker_class": worker_class, "workers": workers, "threads": threads,
                "debug": env.get("DEBUG", "0") not in {"0", "false"}}
        yield Server(base_url=base_url, pid=process.pid, info=info)
    finally:
        _stop(process, name)


def _wait_healthy(base_url: str, process: subprocess.Popen, log_path: Path, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not become healthy in {timeout_s} s:\n{log_path.read_text()[-3000:]}")


def _stop(process: subprocess.Popen, name: str = "gunicorn") -> None:
    if process.poll() is None:
        log(f"stopping {name}")
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
