"""`search`: a million listings on PostgreSQL, 20 concurrent buyers searching in Bahasa Indonesia.

The catalogue is `demo_seed --scale 0 --products N` in its own database of the bench cluster, seeded once and
reused (bench/_catalog.py). The queries are a seeded, Zipf-popular mix of one- to three-word searches with very
common words, typos, prefixes, some English, filters and sorts (bench/_queries.py), sent to the search page
and to the API. Targets of issue 4: p95 <= 50 ms and p99 <= 150 ms for the whole HTTP request.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import httpx

from bench._catalog import add_catalog_arguments, catalogue
from bench._load import add_load_arguments, int_list
from bench._measure import catalogue_server, result, step, verdict
from bench._queries import mix_summary, query_mix
from bench._registry import scenario
from bench._server import add_server_arguments, log

NAME = "search"
TARGETS = {"page": "/search/", "api": "/api/v1/catalog/products"}
P95_MS, P99_MS = 50, 150


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--targets", default="page,api", help="page (/search/), api (/api/v1/catalog/products)")
    parser.add_argument("--queries", type=int, default=20_000, help="length of the query sequence (20000)")
    parser.add_argument("--query-seed", type=int, default=4, help="seed of the query mix (4)")
    add_catalog_arguments(parser)
    add_load_arguments(parser, concurrency="20", duration=30.0, warmup=5.0)
    add_server_arguments(parser)


def _sanity(base_url: str) -> None:
    """One search through the API must find listings, or the figures would be of an empty index."""
    response = httpx.get(f"{base_url}{TARGETS['api']}", params={"q": "baju"}, timeout=60)
    if response.status_code != 200 or not response.json().get("total"):
        raise SystemExit(f"bench: a search for 'baju' found nothing ({response.status_code}); is the index built?")


@scenario(NAME, help="1,000,000 listings on PostgreSQL, 20 clients, a realistic query mix (p95/p99 targets)",
          configure=configure)
def run(args: argparse.Namespace) -> Iterator[dict]:
    queries = query_mix(seed=args.query_seed, count=args.queries)
    with catalogue(args) as data, catalogue_server(data, args) as (server, server_info, probes):
        _sanity(server.base_url)
        for target in args.targets.split(","):
            base = TARGETS[target.strip()]
            paths = [query.path(base) for query in queries]
            kinds = {path: query.kind for path, query in zip(paths, queries, strict=True)}
            for concurrency in int_list(args.concurrency):
                log(f"{base}: {len(set(paths))} distinct queries at concurrency {concurrency} for {args.duration} s")
                figures = step(server=server, probes=probes, paths=paths, kind_of=kinds.__getitem__,
                               concurrency=concurrency, args=args)
                yield result(scenario=NAME, target=base, concurrency=concurrency, figures=figures,
                             targets=verdict(figures, p95_ms=P95_MS, p99_ms=P99_MS), catalogue=data,
                             server_info=server_info, args=args,
                             extra={"queries": {**mix_summary(queries), "seed": args.query_seed}})
