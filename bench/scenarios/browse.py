"""`browse`: product detail pages and category pages of the seeded catalogue, 16 concurrent buyers.

Same catalogue database as `search` (bench/_catalog.py). Product pages are drawn from a sample of public
listings with Zipf popularity (a few products are viewed far more than the rest); category pages cover every
active category, a quarter of them sorted or filtered. Targets of issue 4: >= 1,500 requests/s and
p95 <= 30 ms. (The "at most 5 queries per page" target is asserted by the pages' own tests.)
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator

import httpx

from bench._catalog import add_catalog_arguments, catalogue, sample
from bench._load import add_load_arguments, int_list
from bench._measure import catalogue_server, result, step, verdict
from bench._registry import scenario
from bench._server import add_server_arguments, log

NAME = "browse"
P95_MS, MIN_RPS = 30, 1_500
CATEGORY_EXTRAS = ("sort=price_asc", "sort=newest", "sort=best_selling", "in_stock=1", "price_max=100000",
                   "halal=1")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--targets", default="product,category", help="product (/p/<id>/), category (/c/<slug>/)")
    parser.add_argument("--sample", type=int, default=5_000, help="distinct product pages in the mix (5000)")
    parser.add_argument("--requests", type=int, default=50_000, help="length of the page sequence (50000)")
    parser.add_argument("--mix-seed", type=int, default=5, help="seed of the page mix (5)")
    add_catalog_arguments(parser)
    add_load_arguments(parser, concurrency="16", duration=30.0, warmup=5.0)
    add_server_arguments(parser)


def _zipf(rng: random.Random, items: list[str], count: int, s: float = 0.8) -> list[str]:
    weights = [1 / (rank + 1) ** s for rank in range(len(items))]
    return rng.choices(items, weights, k=count)


def product_paths(url: str, args: argparse.Namespace) -> list[str]:
    ids = [row[0] for row in sample(url, "SELECT public_id FROM catalog_searchdocument ORDER BY random() LIMIT %s",
                                    [args.sample])]
    return _zipf(random.Random(args.mix_seed), [f"/p/{public_id}/" for public_id in ids], args.requests)


def category_paths(url: str, args: argparse.Namespace) -> list[str]:
    rng = random.Random(args.mix_seed)
    slugs = [row[0] for row in sample(url, "SELECT slug FROM catalog_category WHERE is_active ORDER BY random()")]
    paths = []
    for path in _zipf(rng, [f"/c/{slug}/" for slug in slugs], args.requests, s=0.6):
        paths.append(f"{path}?{rng.choice(CATEGORY_EXTRAS)}" if rng.random() < 0.25 else path)
    return paths


def _kind(path: str) -> str:
    if path.startswith("/p/"):
        return "product"
    return "category+options" if "?" in path else "category"


@scenario(NAME, help="product and category pages of the seeded catalogue at 16 clients (req/s and p95 targets)",
          configure=configure)
def run(args: argparse.Namespace) -> Iterator[dict]:
    with catalogue(args) as data, catalogue_server(data, args) as (server, server_info, probes):
        mixes = {"product": product_paths(data.url, args), "category": category_paths(data.url, args)}
        for target in args.targets.split(","):
            paths = mixes[target.strip()]
            first = httpx.get(server.base_url + paths[0], timeout=60)
            if first.status_code != 200:
                raise SystemExit(f"bench: {paths[0]} answered {first.status_code}")
            for concurrency in int_list(args.concurrency):
                log(f"{target}: {len(set(paths))} distinct pages at concurrency {concurrency} for {args.duration} s")
                figures = step(server=server, probes=probes, paths=paths, kind_of=_kind, concurrency=concurrency,
                               args=args)
                yield result(scenario=NAME, target=target, concurrency=concurrency, figures=figures,
                             targets=verdict(figures, p95_ms=P95_MS, min_rps=MIN_RPS), catalogue=data,
                             server_info=server_info, args=args,
                             extra={"mix": {"distinct_pages": len(set(paths)), "seed": args.mix_seed}})
