"""One measured step of a catalogue scenario: gunicorn serving the seeded catalogue, a list of paths, targets.

Shared by `search` and `browse`: both load a mix of paths, split the latencies by kind of request, name the
slowest requests, and say for each target of the issue whether the step met it (reported, never asserted).
"""

from __future__ import annotations

import argparse
import platform
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime

import django
import gunicorn

from bench._catalog import Catalogue
from bench._load import drive, percentile
from bench._proc import cores, machine_busy_seconds, tree_cpu_seconds
from bench._server import Server, gunicorn_server, redis


@contextmanager
def catalogue_server(catalogue: Catalogue, args: argparse.Namespace) -> Iterator[tuple[Server, dict, dict]]:
    """gunicorn on the catalogue database (with a Redis cache unless `--cache locmem`); yields the server, its
    description and the CPU probes."""
    with ExitStack() as stack:
        env, probes = dict(catalogue.env), {}
        if args.cache == "redis":
            cache = stack.enter_context(redis())
            env["REDIS_URL"] = cache.url
            probes["cache"] = lambda: tree_cpu_seconds(cache.pid)
        server = stack.enter_context(gunicorn_server(env, workers=args.workers, worker_class=args.worker_class,
                                                     threads=args.threads))
        info = {**server.info, "database": f"postgresql {catalogue.database.version}", "cache": args.cache,
                "django": django.__version__, "gunicorn": gunicorn.__version__, "python": platform.python_version()}
        probes.update({"server": lambda: tree_cpu_seconds(server.pid),
                       "database": lambda: tree_cpu_seconds(catalogue.database.pid), "machine": machine_busy_seconds})
        yield server, info, probes


def _ms(values: list[float], p: float) -> float:
    return round(percentile(values, p) * 1000, 2)


def step(*, server: Server, probes: dict, paths: list[str], kind_of: Callable[[str], str], concurrency: int,
         args: argparse.Namespace) -> dict:
    """Drive the paths at `concurrency` and return the figures with a per-kind breakdown and the slowest paths."""
    figures = drive(base_url=server.base_url, path=paths, concurrency=concurrency, duration_s=args.duration,
                    warmup_s=args.warmup, max_requests=args.max_requests, timeout_s=args.timeout,
                    cpu_probes=probes, per_path=True)
    cpu = figures["cpu_s"]
    cpu["other"] = round(max(0.0, cpu.pop("machine") - sum(cpu.values())), 2)
    per_path = figures.pop("per_path")
    statuses = figures.pop("statuses_per_path")
    kinds: dict[str, list[float]] = {}
    for path, latencies in per_path.items():
        kinds.setdefault(kind_of(path), []).extend(latencies)
    figures["by_kind"] = {kind: {"requests": len(values), "p50_ms": _ms(sorted(values), 50),
                                 "p95_ms": _ms(sorted(values), 95), "p99_ms": _ms(sorted(values), 99)}
                          for kind, values in sorted(kinds.items())}
    slowest = sorted(per_path.items(), key=lambda item: -max(item[1]))[:10]
    figures["slowest"] = [{"path": path, "requests": len(values), "max_ms": round(max(values) * 1000, 2),
                           "median_ms": _ms(sorted(values), 50)} for path, values in slowest]
    failing = sorted({path for path, counts in statuses.items() if any(not s.startswith("2") for s in counts)})
    figures["failing_paths"] = failing[:10]
    figures["distinct_paths"] = len(per_path)
    return figures


def verdict(figures: dict, *, p95_ms: float, p99_ms: float | None = None, min_rps: float | None = None) -> dict:
    """The issue's targets for this step and whether the step met each (figures only; nothing asserts them)."""
    checks = {"p95_ms": {"target": f"<= {p95_ms}", "measured": figures["latency_ms"]["p95"],
                         "pass": figures["latency_ms"]["p95"] <= p95_ms}}
    if p99_ms is not None:
        checks["p99_ms"] = {"target": f"<= {p99_ms}", "measured": figures["latency_ms"]["p99"],
                            "pass": figures["latency_ms"]["p99"] <= p99_ms}
    if min_rps is not None:
        checks["throughput_rps"] = {"target": f">= {min_rps}", "measured": figures["throughput_rps"],
                                    "pass": figures["throughput_rps"] >= min_rps}
    checks["errors"] = {"target": "0", "measured": figures["errors"], "pass": figures["errors"] == 0}
    checks["all_pass"] = all(check["pass"] for check in checks.values())
    return checks


def result(*, scenario: str, target: str, concurrency: int, figures: dict, targets: dict, catalogue: Catalogue,
           server_info: dict, args: argparse.Namespace, extra: dict | None = None) -> dict:
    return {"scenario": scenario, "target": target, "concurrency": concurrency, **figures, "targets": targets,
            "dataset": catalogue.info, **(extra or {}), "cores": cores(), "server": server_info,
            "client": {"kind": "httpx-asyncio", "processes": 1, "warmup_s": args.warmup},
            "date": datetime.now(UTC).isoformat(timespec="seconds")}
