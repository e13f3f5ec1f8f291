"""`live-chat`: one live on air, thousands of viewers on its Server-Sent Events stream, messages posted at a steady
rate; how long each message takes to reach each viewer.

The server is production-like: uvicorn serving Lapak's ASGI application (`--workers`, default 2), PostgreSQL from
scripts/pg.sh and Redis as the shared cache (the viewer count is summed across workers through it). Viewers are
raw asyncio sockets spread over `--client-processes` processes (httpx would spend more CPU per event than the
server does); each parses only what it needs: the chat events' bodies, which carry the message's sequence number
and the wall-clock time just before it was posted. Posters are signed-in accounts posting through the API, round
robin, inside the chat's rate limits. Everything shares the machine's cores, which the result records.

Result: per message, the share of connected viewers that received it within 1 s (the target: 95 %), and the
delivery delay percentiles over every (viewer, message) pair; viewers connected and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import platform
import re
import resource
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import httpx

from bench._load import percentile
from bench._proc import cores, machine_busy_seconds, tree_cpu_seconds
from bench._registry import scenario
from bench._server import (
    REPO,
    RUN_DIR,
    Server,
    _die_with_parent,
    _free_port,
    _stop,
    _wait_healthy,
    django_env,
    django_prepare,
    log,
    postgres,
    redis,
)

NAME = "live-chat"
BODY = re.compile(rb'"body":"b:(\d+):(\d+\.\d+)"')

SEED = """
import json, sys
from datetime import timedelta
import django
django.setup()
from django.utils import timezone
from lapak.accounts.models import Role, RoleGrant, User
from lapak.accounts.services import api_token_issue
from lapak.social.models import Creator
from lapak.social.services.live import live_schedule, live_start
posters, run = int(sys.argv[1]), sys.argv[2]
host = User.objects.create_user(email=f"host-{run}@bench.test", password="x-Secret-123", full_name="Host Bench")
RoleGrant.objects.create(user=host, role=Role.CREATOR)
Creator.objects.create(account=host.public_id, handle=f"bench{run}", display_name="Bench", phone="+6281200000000",
                       phone_verified_at=timezone.now())
live = live_schedule(actor=host.public_id, title="Bench live", scheduled_for=timezone.now() + timedelta(minutes=1))
live_start(actor=host.public_id, live_id=live.public_id)
tokens = []
for i in range(posters):
    user = User.objects.create_user(email=f"poster{i}-{run}@bench.test", password="x-Secret-12", full_name=f"P {i}")
    tokens.append(api_token_issue(user=user)[1])
print(json.dumps({"live": live.public_id, "tokens": tokens}))
"""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--viewers", type=int, default=5000, help="SSE viewers (5000)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (2)")
    parser.add_argument("--client-processes", type=int, default=2, help="processes the viewers are spread over (2)")
    parser.add_argument("--rate", type=float, default=2.0, help="chat messages per second (2)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of posting (30)")
    parser.add_argument("--posters", type=int, default=30, help="posting accounts, round robin (30)")


@contextmanager
def uvicorn_server(env: dict[str, str], *, workers: int) -> Iterator[Server]:
    port = _free_port()
    log_path = RUN_DIR / "uvicorn.log"
    command = [sys.executable, "-m", "uvicorn", "lapak.config.asgi:application", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log",
               "--backlog", "8192", "--timeout-graceful-shutdown", "3"]
    log(f"starting uvicorn on 127.0.0.1:{port}: {workers} workers")
    with log_path.open("w") as log_file:
        process = subprocess.Popen(command, env=env, cwd=REPO, stdout=log_file, stderr=subprocess.STDOUT,
                                   start_new_session=True, preexec_fn=_die_with_parent)
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_healthy(base_url, process, log_path)
        yield Server(base_url=base_url, pid=process.pid, info={"kind": "uvicorn", "workers": workers})
    finally:
        _stop(process, "uvicorn")


# --- Viewers (in client processes) ---------------------------------------------------------------------------


class Viewer(asyncio.Protocol):
    def __init__(self, state: dict) -> None:
        self.state, self.buffer, self.seen, self.connected = state, b"", set(), False

    def data_received(self, data: bytes) -> None:
        now = time.time()
        if not self.connected:
            if data.startswith(b"HTTP/1.1 200"):
                self.connected = True
                self.state["connected"] += 1
            else:
                self.state["refused"] += 1
                return
        self.buffer += data
        end = self.buffer.rfind(b"\n\n")
        if end < 0:
            return
        complete, self.buffer = self.buffer[:end], self.buffer[end + 2:]
        for match in BODY.finditer(complete):
            seq = int(match.group(1))
            # Posts overlap, so ids (the delivery order) need not follow the sequence numbers.
            if seq not in self.seen:
                self.seen.add(seq)
                self.state["delays"].setdefault(seq, []).append(now - float(match.group(2)))

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.state["stopping"]:
            self.state["dropped"] += 1


async def _viewers(port: int, path: str, count: int, ready, stop, results) -> None:
    loop = asyncio.get_running_loop()
    state = {"connected": 0, "refused": 0, "dropped": 0, "errors": 0, "stopping": False, "delays": {}}
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").encode()
    transports = []
    for index in range(count):
        try:
            transport, _ = await loop.create_connection(lambda: Viewer(state), "127.0.0.1", port)
            transport.write(request)
            transports.append(transport)
        except OSError:
            state["errors"] += 1
        if index % 50 == 49:
            await asyncio.sleep(0.05)  # a ramp, not a SYN flood
    deadline = time.monotonic() + 120
    while state["connected"] + state["refused"] + state["errors"] < count and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    ready.put(state["connected"])
    while not stop.is_set():
        await asyncio.sleep(0.1)
    state["stopping"] = True
    for transport in transports:
        transport.close()
    results.put({k: v for k, v in state.items() if k != "stopping"})


def _viewer_process(port, path, count, ready, stop, results) -> None:
    asyncio.run(_viewers(port, path, count, ready, stop, results))


# --- Posting (in this process) -------------------------------------------------------------------------------


async def _post(base_url: str, live: str, tokens: list[str], rate: float, duration: float) -> dict:
    sent, failed, latencies = {}, {}, []
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        started, seq = time.monotonic(), 0
        tasks = []
        while time.monotonic() - started < duration:
            token = tokens[seq % len(tokens)]

            async def one(seq=seq, token=token):
                at = time.time()
                response = await client.post(f"/api/v1/social/lives/{live}/chat", json={"body": f"b:{seq}:{at:.6f}"},
                                             headers={"Authorization": f"Bearer {token}"})
                if response.status_code == 201:
                    sent[seq] = at
                    latencies.append(time.time() - at)
                else:
                    failed[str(response.status_code)] = failed.get(str(response.status_code), 0) + 1

            tasks.append(asyncio.create_task(one()))
            seq += 1
            await asyncio.sleep(max(0.0, started + seq / rate - time.monotonic()))
        await asyncio.gather(*tasks)
    latencies.sort()
    return {"sent": sent, "failed": failed, "post_ms": {"p50": round(percentile(latencies, 50) * 1000, 1),
                                                        "p95": round(percentile(latencies, 95) * 1000, 1)}}


def _figures(sent: dict, states: list[dict], connected: int) -> dict:
    delays: list[float] = []
    shares = []
    for seq in sent:
        got = [d for state in states for d in state["delays"].get(seq, [])]
        delays.extend(got)
        shares.append(sum(1 for d in got if d <= 1.0) / connected if connected else 0.0)
    delays.sort()
    shares.sort()
    return {
        "messages": len(sent),
        "reached_within_1s_mean": round(sum(shares) / len(shares), 4) if shares else 0.0,
        "reached_within_1s_worst_message": round(shares[0], 4) if shares else 0.0,
        "messages_reaching_95pct_within_1s": round(sum(1 for s in shares if s >= 0.95) / len(shares), 4)
        if shares else 0.0,
        "deliveries": len(delays),
        "deliveries_expected": len(sent) * connected,
        "delay_ms": {"p50": round(percentile(delays, 50) * 1000, 1), "p95": round(percentile(delays, 95) * 1000, 1),
                     "p99": round(percentile(delays, 99) * 1000, 1), "max": round(delays[-1] * 1000, 1) if delays
                     else 0.0},
    }


@scenario(NAME, help="uvicorn + PostgreSQL: 5,000 SSE viewers of one live, chat delivery delay", configure=configure)
def run(args: argparse.Namespace) -> Iterator[dict]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, args.viewers * 2 + 1024))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))  # inherited by uvicorn and the viewer processes
    # A cluster and a Redis of its own, on free ports: other benchmarks may be running their own meanwhile.
    os.environ.setdefault("LAPAK_PG_PORT", str(_free_port()))
    os.environ.setdefault("LAPAK_REDIS_PORT", str(_free_port()))
    with postgres("livechat") as database, redis("livechat") as cache:
        env = {**django_env(database.url), "REDIS_URL": cache.url}
        env["PYTHONPATH"] = f"{REPO / 'src'}{os.pathsep}{REPO}"
        django_prepare(env)
        seeded = json.loads(subprocess.run([sys.executable, "-c", SEED, str(args.posters),
                                            secrets.token_hex(4)], env=env, cwd=REPO,
                                           check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        with uvicorn_server(env, workers=args.workers) as server:
            port = int(server.base_url.rsplit(":", 1)[1])
            path = f"/live/{seeded['live']}/events"
            context = multiprocessing.get_context("spawn")
            ready, results, stop = context.Queue(), context.Queue(), context.Event()
            shares = [args.viewers // args.client_processes + (1 if i < args.viewers % args.client_processes else 0)
                      for i in range(args.client_processes)]
            log(f"connecting {args.viewers} viewers from {args.client_processes} processes")
            ramp_started = time.monotonic()
            processes = [context.Process(target=_viewer_process, args=(port, path, n, ready, stop, results))
                         for n in shares]
            for process in processes:
                process.start()
            connected = sum(ready.get(timeout=300) for _ in processes)
            ramp_s = time.monotonic() - ramp_started
            log(f"{connected} connected in {ramp_s:.1f} s; posting {args.rate}/s for {args.duration} s")
            time.sleep(2)
            probes = {"server": lambda: tree_cpu_seconds(server.pid),
                      "database": lambda: tree_cpu_seconds(database.pid),
                      "viewers": lambda: sum(tree_cpu_seconds(p.pid) for p in processes),
                      "machine": machine_busy_seconds}
            cpu_before = {name: probe() for name, probe in probes.items()}
            posted = asyncio.run(_post(server.base_url, seeded["live"], seeded["tokens"], args.rate, args.duration))
            time.sleep(3)  # the last messages' delivery
            cpu = {name: round(probe() - cpu_before[name], 1) for name, probe in probes.items()}
            # Whatever else ran on the machine meanwhile (other jobs share these cores): read it as noise.
            cpu["other"] = round(max(0.0, cpu.pop("machine") - sum(cpu.values())), 1)
            viewers_count = httpx.get(f"{server.base_url}/api/v1/social/lives/{seeded['live']}", timeout=10).json()
            stop.set()
            states = [results.get(timeout=60) for _ in processes]
            for process in processes:
                process.join(timeout=30)
            yield {"scenario": NAME, "viewers": args.viewers, "connected": connected,
                   "dropped": sum(s["dropped"] for s in states), "refused": sum(s["refused"] for s in states),
                   "connect_errors": sum(s["errors"] for s in states), "connect_ramp_s": round(ramp_s, 1),
                   "rate_per_s": args.rate, "duration_s": args.duration, "post_failures": posted["failed"],
                   "post_ms": posted["post_ms"],
                   **_figures(posted["sent"], states, connected),
                   "peak_viewers_recorded": viewers_count.get("peak_viewers"),
                   "cpu_s": cpu, "measured_s": round(args.duration + 3, 1), "cores": cores(),
                   "server": {"kind": "uvicorn", "workers": args.workers, "database": f"postgresql {database.version}",
                              "cache": "redis", "python": platform.python_version()},
                   "client": {"kind": "asyncio-sockets", "processes": args.client_processes},
                   "date": datetime.now(UTC).isoformat(timespec="seconds")}
