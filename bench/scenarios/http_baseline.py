"""`http-baseline`: a production-like gunicorn + PostgreSQL, loaded on cheap pages at rising concurrency.

It measures the floor every page pays (WSGI, middleware, a database round trip for /healthz, a template
for /), so later scenarios can be read against it.
"""

from __future__ import annotations

import argparse
import platform
from collections.abc import Iterator
from datetime import UTC, datetime

import django
import gunicorn

from bench._load import add_load_arguments, drive, int_list
from bench._proc import cores, machine_busy_seconds, tree_cpu_seconds
from bench._registry import scenario
from bench._server import add_server_arguments, django_env, django_prepare, gunicorn_server, log, postgres

NAME = "http-baseline"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--targets", default="/healthz,/", help="comma-separated paths (/healthz,/)")
    add_load_arguments(parser)
    add_server_arguments(parser)


@scenario(NAME, help="gunicorn + PostgreSQL, /healthz and / at concurrency 1, 4, 16, 64", configure=configure)
def run(args: argparse.Namespace) -> Iterator[dict]:
    with postgres("bench") as database:
        env = django_env(database.url)
        django_prepare(env)
        with gunicorn_server(env, workers=args.workers, worker_class=args.worker_class, threads=args.threads) as server:
            server_info = {**server.info, "database": f"postgresql {database.version}", "cache": "locmem",
                           "django": django.__version__, "gunicorn": gunicorn.__version__,
                           "python": platform.python_version()}
            probes = {
                "server": lambda: tree_cpu_seconds(server.pid),
                "database": lambda: tree_cpu_seconds(database.pid),
                "machine": machine_busy_seconds,
            }
            for target in args.targets.split(","):
                for concurrency in int_list(args.concurrency):
                    log(f"{target} at concurrency {concurrency} for {args.duration} s")
                    figures = drive(base_url=server.base_url, path=target, concurrency=concurrency,
                                    duration_s=args.duration, warmup_s=args.warmup, max_requests=args.max_requests,
                                    timeout_s=args.timeout, cpu_probes=probes)
                    _attribute_other_cpu(figures["cpu_s"])
                    yield {"scenario": NAME, "target": target, "concurrency": concurrency, **figures,
                           "cores": cores(), "server": server_info,
                           "client": {"kind": "httpx-asyncio", "processes": 1, "warmup_s": args.warmup},
                           "date": datetime.now(UTC).isoformat(timespec="seconds")}


def _attribute_other_cpu(cpu: dict) -> None:
    # Whatever else ran on the machine meanwhile (other jobs compete for the same cores): read it as noise.
    machine = cpu.pop("machine")
    cpu["other"] = round(max(0.0, machine - sum(cpu.values())), 2)
