"""What the order scenarios share: gunicorn on the scenario's database, CPU probes, the result's common fields,
reading back the orders a run placed, and a cheap profile of one request served in this process."""

from __future__ import annotations

import argparse
import cProfile
import platform
import pstats
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import django
import gunicorn

from bench._proc import cores, machine_busy_seconds, tree_cpu_seconds
from bench._server import Server, gunicorn_server
from bench._shop import ShopDatabase

SHIPPING = {"courier": "jne", "service": "REG"}


@contextmanager
def order_server(shop: ShopDatabase, args: argparse.Namespace) -> Iterator[tuple[Server, dict, dict]]:
    """gunicorn (as `http-baseline` starts it) on the scenario's database; yields it, its description and the
    CPU probes (server, database, machine)."""
    with gunicorn_server(shop.env, workers=args.workers, worker_class=args.worker_class,
                         threads=args.threads) as server:
        info = {**server.info, "database": f"postgresql {shop.database.version}", "cache": "locmem",
                "django": django.__version__, "gunicorn": gunicorn.__version__, "python": platform.python_version()}
        probes = {"server": lambda: tree_cpu_seconds(server.pid),
                  "database": lambda: tree_cpu_seconds(shop.database.pid), "machine": machine_busy_seconds}
        yield server, info, probes


class WaitSampler:
    """Samples what the database's active backends wait for (pg_stat_activity), every `interval` seconds on a
    separate connection, while the measured phase runs: lock waits would show as `Lock:*`, CPU as `running`."""

    def __init__(self, url: str, database: str, interval: float = 0.1) -> None:
        self.url, self.database, self.interval = url, database, interval
        self.counts: Counter = Counter()
        self.samples = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _loop(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self._stop.is_set():
                rows = connection.execute(
                    "SELECT coalesce(wait_event_type || ':' || wait_event, 'running'), count(*) FROM pg_stat_activity"
                    " WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1",
                    [self.database]).fetchall()
                self.samples += 1
                for event, count in rows:
                    self.counts[event] += count
                self._stop.wait(self.interval)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> dict:
        self._stop.set()
        if self._thread:
            self._thread.join()
        return {"samples": self.samples, "interval_s": self.interval,
                "mean_active_backends_by_state": {event: round(count / max(1, self.samples), 2)
                                                  for event, count in self.counts.most_common(8)}}


class CpuMeter:
    """CPU seconds of each probe and of this process (the load generator) between `start()` and `stop()`."""

    def __init__(self, probes: dict[str, Callable[[], float]]) -> None:
        self.probes = probes
        self.before: dict[str, float] = {}

    def start(self) -> None:
        self.before = {name: probe() for name, probe in self.probes.items()}
        self.before["client"] = time.process_time()

    def stop(self) -> dict:
        cpu = {"client": round(time.process_time() - self.before["client"], 2)}
        cpu.update({name: round(probe() - self.before[name], 2) for name, probe in self.probes.items()})
        cpu["other"] = round(max(0.0, cpu.pop("machine") - sum(cpu.values())), 2)
        return cpu


def per_request(cpu: dict, count: int) -> dict:
    """CPU milliseconds per request by client, server and database (and any further probe, such as a sandbox
    gateway), and the rate the machine's cores could sustain at that cost if nothing else ran (an upper bound:
    queueing and lock waits come on top)."""
    if not count:
        return {}
    costs = {name: round(seconds / count * 1000, 2) for name, seconds in cpu.items() if name != "other"}
    return {**costs, "ceiling_per_s_on_these_cores": round(cores() * 1000 / sum(costs.values()), 1),
            "ceiling_per_s_without_client": round(
                cores() * 1000 / sum(ms for name, ms in costs.items() if name != "client"), 1)}


def common(server_info: dict, concurrency: int) -> dict:
    return {"cores": cores(), "server": server_info,
            "client": {"kind": "httpx-asyncio", "processes": 1, "concurrency": concurrency},
            "date": datetime.now(UTC).isoformat(timespec="seconds")}


def placed_orders(user_ids: list[int]) -> dict:
    """The orders of these buyers as stored: by order id, (buyer, key, seller orders, units by variant id)."""
    from django.db.models import Count

    from lapak.market.orders.models import Order, OrderLine, SellerOrder

    orders = {public_id: {"buyer": buyer, "key": key, "seller_orders": 0, "units": {}}
              for public_id, buyer, key in Order.objects.filter(buyer_id__in=user_ids)
              .values_list("public_id", "buyer_id", "idempotency_key")}
    for public_id, count in (SellerOrder.objects.filter(order__public_id__in=list(orders))
                             .values("order__public_id").annotate(n=Count("id")).values_list("order__public_id", "n")):
        orders[public_id]["seller_orders"] = count
    for public_id, variant_id, quantity in OrderLine.objects.filter(
            seller_order__order__public_id__in=list(orders)).values_list(
            "seller_order__order__public_id", "variant_id", "quantity"):
        units = orders[public_id]["units"]
        units[variant_id] = units.get(variant_id, 0) + quantity
    return orders


def stock_state(variant_ids: list[int]) -> dict:
    """Per variant: shelf, allocated, held (unexpired reservations), available (unclamped) and the keys holding
    units."""
    from django.db.models import Sum
    from django.utils import timezone

    from lapak.market.inventory.models import Reservation, Stock

    state = {v: {"shelf": 0, "allocated": 0, "held": 0, "available": 0} for v in variant_ids}
    for variant_id, shelf, allocated in Stock.objects.filter(variant_id__in=variant_ids).values_list(
            "variant_id", "quantity", "quantity_allocated"):
        state[variant_id]["shelf"] += shelf
        state[variant_id]["allocated"] += allocated
    holds = (Reservation.objects.filter(stock__variant_id__in=variant_ids, reserved_until__gt=timezone.now())
             .values("stock__variant_id", "key").annotate(units=Sum("quantity"))
             .values_list("stock__variant_id", "key", "units"))
    keys: dict[str, dict[int, int]] = {}
    for variant_id, key, units in holds:
        state[variant_id]["held"] += units
        keys.setdefault(key, {})[variant_id] = units
    for row in state.values():
        row["available"] = row["shelf"] - row["allocated"] - row["held"]
    return {"variants": state, "holds_by_key": keys}


_LITERALS = re.compile(r"'[^']*'|\b\d+\b")  # values differ per request; the query's shape does not


def profile_requests(send: Callable[[object, int], object], count: int, top: int = 12) -> dict:
    """Serves `count` requests in this process (Django's test client, one at a time, no contention), counting
    their queries: the first half timed plainly, the second half under cProfile. A hint of where a request's
    time goes. `send(client, i)` makes request i (0 is a warm-up, not counted)."""
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    send(client, 0)  # warm: imports, caches, the connection
    profiler, statuses, queries, sql_s, plain_s = cProfile.Profile(), [], [], 0.0, 0.0
    by_sql: dict[str, float] = {}
    plain = max(1, count // 2)
    for i in range(1, count + 1):
        with CaptureQueriesContext(connections["default"]) as captured, \
                CaptureQueriesContext(connections["social"]) as social:
            started = time.perf_counter()
            if i > plain:
                profiler.enable()
            response = send(client, i)
            profiler.disable()
            if i <= plain:
                plain_s += time.perf_counter() - started
        statuses.append(response.status_code)
        queries.append(len(captured) + len(social))
        if i <= plain:
            for query in [*captured.captured_queries, *social.captured_queries]:
                sql_s += float(query["time"])
                shape = _LITERALS.sub("?", query["sql"])[:160]
                by_sql[shape] = by_sql.get(shape, 0.0) + float(query["time"])
    profiled = count - plain
    stats = pstats.Stats(profiler) if profiled else None
    rows = []
    for (path, line, name), (_cc, _nc, _tt, cumulative, _callers) in (stats.stats.items() if stats else ()):  # type: ignore[attr-defined]
        if "/lapak/" in path and "/tests/" not in path:
            rows.append((cumulative, f"{path.split('/lapak/', 1)[1]}:{line} {name}"))
    rows.sort(reverse=True)
    return {"requests": count, "statuses": sorted(set(statuses)), "queries_per_request": {
                "min": min(queries), "max": max(queries), "mean": round(sum(queries) / count, 1)},
            "ms_per_request_in_process": round(plain_s / plain * 1000, 2),
            "sql_ms_per_request": round(sql_s / plain * 1000, 2),
            "slowest_queries_ms_per_request": [
                {"sql": shape, "ms": round(seconds / plain * 1000, 2)}
                for shape, seconds in sorted(by_sql.items(), key=lambda item: -item[1])[:5]],
            "top_cumulative_ms_per_request_under_cprofile": [
                {"function": label, "ms": round(seconds / profiled * 1000, 2)} for seconds, label in rows[:top]],
            "note": "one request at a time in the bench process (Django test client, DEBUG off), not under load; "
                    "the function times are from the requests run under cProfile, which inflates Python time"}
