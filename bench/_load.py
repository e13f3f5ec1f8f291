"""The load generator: a fixed number of asyncio clients, each sending requests back to back.

Every client holds one keep-alive connection (when the server keeps it open) and loops until the step's
time is up or the step's request cap is reached. Latency is measured per request with perf_counter,
from just before the request is sent to the end of the response body.

A step loads one path, or a list of paths taken in order by whichever client is free next (a query mix);
the list runs on from the warm-up into the measured phase, so the measured requests are not the warm-up's.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

LOOPBACK = "127.0.0.1"


@dataclass
class _Tally:
    limit: int
    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    status_counts: Counter = field(default_factory=Counter)
    exceptions: Counter = field(default_factory=Counter)
    per_path: dict[str, list[float]] | None = None  # latencies by path, when asked for
    statuses_per_path: dict[str, Counter] | None = None


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values (0.0 for none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


async def _client_loop(client: httpx.AsyncClient, paths: Iterator[str], deadline: float, tally: _Tally) -> None:
    while time.perf_counter() < deadline and tally.sent < tally.limit:
        tally.sent += 1
        path = next(paths)
        started = time.perf_counter()
        try:
            response = await client.get(path)
        except httpx.HTTPError as exc:
            tally.exceptions[type(exc).__name__] += 1
            continue
        elapsed = time.perf_counter() - started
        tally.latencies.append(elapsed)
        tally.status_counts[str(response.status_code)] += 1
        if tally.per_path is not None:
            tally.per_path[path].append(elapsed)
            tally.statuses_per_path[path][str(response.status_code)] += 1


async def _phase(client: httpx.AsyncClient, paths: Iterator[str], concurrency: int, seconds: float, limit: int,
                 per_path: bool = False) -> tuple:
    tally = _Tally(limit=limit)
    if per_path:
        tally.per_path, tally.statuses_per_path = defaultdict(list), defaultdict(Counter)
    started = time.perf_counter()
    cpu_started = time.process_time()
    deadline = started + seconds
    await asyncio.gather(*(_client_loop(client, paths, deadline, tally) for _ in range(concurrency)))
    return tally, time.perf_counter() - started, time.process_time() - cpu_started


async def _run(base_url: str, paths: Iterator[str], concurrency: int, duration_s: float, warmup_s: float,
               max_requests: int, timeout_s: float, cpu_probes: dict[str, Callable[[], float]],
               per_path: bool) -> dict:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Accept-Language": "id", "User-Agent": "lapak-bench"}
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout_s, headers=headers) as client:
        if warmup_s > 0:  # opens the connections and warms the workers; not counted
            await _phase(client, paths, concurrency, warmup_s, max_requests)
        cpu_before = {name: probe() for name, probe in cpu_probes.items()}
        tally, elapsed, client_cpu = await _phase(client, paths, concurrency, duration_s, max_requests, per_path)
        cpu = {"client": round(client_cpu, 2)}
        cpu.update({name: round(probe() - cpu_before[name], 2) for name, probe in cpu_probes.items()})
    latencies = sorted(tally.latencies)
    ok = sum(n for status, n in tally.status_counts.items() if status.startswith("2"))
    requests = len(latencies) + sum(tally.exceptions.values())
    return {
        "requests": requests,
        "duration_s": round(elapsed, 3),
        "throughput_rps": round(ok / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            name: round(percentile(latencies, p) * 1000, 2)
            for name, p in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))
        },
        "errors": requests - ok,
        "status_counts": dict(sorted(tally.status_counts.items())),
        "exceptions": dict(sorted(tally.exceptions.items())),
        "cpu_s": cpu,
        **({"per_path": dict(tally.per_path), "statuses_per_path": dict(tally.statuses_per_path)}
           if per_path else {}),
    }


def drive(*, base_url: str, path: str | Sequence[str], concurrency: int, duration_s: float, warmup_s: float = 1.0,
          max_requests: int = 100_000, timeout_s: float = 30.0,
          cpu_probes: dict[str, Callable[[], float]] | None = None, per_path: bool = False) -> dict:
    """Loads `base_url + path` (or each path of a list in turn, round and round) and returns the step's figures.
    Refuses any host but 127.0.0.1.

    `cpu_probes` name functions returning a CPU-seconds counter (a server's process tree, say); each is
    read before and after the measured phase, and the difference reported under `cpu_s`. With `per_path`, the
    figures also carry `per_path` (latencies in seconds by path) and `statuses_per_path`, for the caller to sum
    up and drop before printing.
    """
    if urlsplit(base_url).hostname != LOOPBACK:
        raise ValueError(f"the benchmarks only ever target {LOOPBACK}, not {base_url}")
    if concurrency < 1 or duration_s <= 0 or max_requests < 1:
        raise ValueError("concurrency and max_requests must be >= 1 and duration_s > 0")
    paths = itertools.cycle([path] if isinstance(path, str) else list(path))
    return asyncio.run(_run(base_url, paths, concurrency, duration_s, warmup_s, max_requests, timeout_s,
                            cpu_probes or {}, per_path))


def add_load_arguments(parser: argparse.ArgumentParser, *, concurrency: str = "1,4,16,64", duration: float = 10.0,
                       warmup: float = 1.0) -> None:
    parser.add_argument("--concurrency", default=concurrency, help=f"comma-separated client counts ({concurrency})")
    parser.add_argument("--duration", type=float, default=duration, help=f"measured seconds per step ({duration:g})")
    parser.add_argument("--warmup", type=float, default=warmup, help=f"unmeasured seconds per step ({warmup:g})")
    parser.add_argument("--max-requests", type=int, default=100_000, help="hard cap per step (100000)")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-request timeout in seconds (30)")


def int_list(raw: str) -> list[int]:
    return [int(item) for item in raw.split(",") if item.strip()]
