"""The buyers' side of the order scenarios: API calls with a bearer token, run by a fixed number of clients.

Unlike `_load.drive` (GETs of a list of paths for a duration), every buyer here runs a short *flow* of
calls once (fill the cart, check out), and each call's outcome is kept: status, the error code of the
JSON error shape, the order id. A pool of `concurrency` asyncio clients takes the next buyer when free.
Latency runs from just before a request is sent to the end of its response body (`perf_counter`).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from bench._load import LOOPBACK, percentile


@dataclass(frozen=True)
class Call:
    kind: str  # which call: "add", "checkout", …
    status: int  # 0 when the request raised
    code: str  # the error's code, the exception's class name, or "" for a 2xx
    seconds: float
    body: dict | None
    replayed: bool = False  # the idempotency middleware answered with a stored response
    ended: float = 0.0  # perf_counter when the answer was read

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def outcome(self) -> str:
        return "ok" if self.ok else f"{self.status or 'exception'} {self.code}"


async def api_post(client: httpx.AsyncClient, kind: str, path: str, token: str, payload: dict | None,
                   key: str | None = None, method: str = "POST") -> Call:
    """One API call as the buyer of `token` (a POST unless `method` says otherwise), with its outcome."""
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    started = time.perf_counter()
    try:
        response = await client.request(method, path, json=payload, headers=headers)
    except httpx.HTTPError as exc:
        ended = time.perf_counter()
        return Call(kind, 0, type(exc).__name__, ended - started, None, ended=ended)
    ended = time.perf_counter()
    elapsed = ended - started
    try:
        body = response.json()
    except ValueError:
        body = None
    code = ""
    if response.status_code >= 300:
        code = (body or {}).get("error", {}).get("code", "") if isinstance(body, dict) else ""
        code = code or "no_error_shape"
    return Call(kind, response.status_code, code, elapsed, body,
                replayed=response.headers.get("Idempotent-Replayed") == "true", ended=ended)


Flow = Callable[[httpx.AsyncClient, int], Awaitable[list[Call]]]


def run_flows(*, base_url: str, count: int, flow: Flow, concurrency: int, timeout_s: float = 60.0,
              on_start: Callable[[], None] | None = None) -> tuple[list[list[Call]], float, float]:
    """Runs `flow(client, i)` for i in 0..count-1 with `concurrency` clients; returns each flow's calls (by i),
    the wall-clock seconds from the first call to the last answer, and the perf_counter at the start.
    Refuses any host but 127.0.0.1."""
    if urlsplit(base_url).hostname != LOOPBACK:
        raise ValueError(f"the benchmarks only ever target {LOOPBACK}, not {base_url}")
    return asyncio.run(_run(base_url, count, flow, concurrency, timeout_s, on_start))


async def _run(base_url: str, count: int, flow: Flow, concurrency: int, timeout_s: float,
               on_start: Callable[[], None] | None) -> tuple[list[list[Call]], float, float]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Accept-Language": "en", "User-Agent": "lapak-bench"}
    results: list[list[Call]] = [[] for _ in range(count)]
    queue = iter(range(count))

    async def client_loop(client: httpx.AsyncClient) -> None:
        for index in queue:  # the shared iterator hands each buyer to exactly one client
            results[index] = await flow(client, index)

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=timeout_s, headers=headers) as client:
        if on_start:
            on_start()
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(min(concurrency, count))))
        wall = time.perf_counter() - started
    return results, wall, started


def warm(*, base_url: str, tokens: Sequence[str], requests: int, concurrency: int) -> dict:
    """Unmeasured GETs of the buyer's cart and the couriers, so every worker has loaded the URLconf, opened its
    database connection and filled its caches before the clock starts."""
    async def flow(client: httpx.AsyncClient, i: int) -> list[Call]:
        token = tokens[i % len(tokens)]
        return [await api_post(client, "warm", "/api/v1/cart/", token, None, method="GET"),
                await api_post(client, "warm", "/api/v1/shipping/couriers", token, None, method="GET")]

    flows, wall, _started = run_flows(base_url=base_url, count=requests, flow=flow, concurrency=concurrency)
    return summary([c for calls in flows for c in calls], wall)


def summary(calls: Sequence[Call], wall_s: float | None = None) -> dict:
    """Count, 2xx per second (over `wall_s`), latency percentiles of every answer, outcomes by kind."""
    latencies = sorted(c.seconds for c in calls if c.status)
    ok = sum(c.ok for c in calls)
    figures = {"requests": len(calls), "ok": ok}
    if wall_s is not None:
        figures["wall_s"] = round(wall_s, 3)
        figures["ok_per_s"] = round(ok / wall_s, 1) if wall_s else 0.0
    figures["latency_ms"] = ms(latencies)
    figures["outcomes"] = dict(Counter(c.outcome for c in calls).most_common())
    return figures


def ms(sorted_seconds: list[float]) -> dict:
    return {name: round(percentile(sorted_seconds, p) * 1000, 2)
            for name, p in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))}
