"""A PostgreSQL database holding the demo catalogue (`demo_seed --products N`), seeded once and reused.

Each (products, seed) pair has its own database, `lapak_catalog_<N>_s<seed>` (and its `_social` twin), in the
bench cluster, which is kept running after the run: seeding a million listings takes minutes, checking that
they are there takes seconds. `demo_seed` is idempotent and resumes an interrupted load, so running it again
is how a database is checked; `--fresh` drops the database and seeds it anew.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql

from bench._server import REPO, RUN_DIR, Database, django_env, django_prepare, log, postgres


@dataclass(frozen=True)
class Catalogue:
    database: Database
    url: str
    env: dict[str, str]
    info: dict  # products, seed, database name, seeding figures


def add_catalog_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--products", type=int, default=1_000_000, help="listings in the catalogue (1000000)")
    parser.add_argument("--data-seed", type=int, default=2026, help="demo_seed --seed of the catalogue (2026)")
    parser.add_argument("--fresh", action="store_true", help="drop the catalogue database and seed it again")
    parser.add_argument("--cache", default="redis", choices=["redis", "locmem"],
                        help="the server's cache: a shared Redis as in production (default) or per-worker memory")
    parser.add_argument("--pg-purpose", default="bench",
                        help="scripts/pg.sh cluster to use (bench; LAPAK_PG_PORT picks its port)")


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True)


def _ensure_databases(url: str, name: str, fresh: bool) -> bool:
    """Create `name` and `name_social` if missing (dropping them first when `fresh`); True if created."""
    created = False
    with _admin(url) as connection:
        for db in (name, f"{name}_social"):
            if fresh:
                connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db)))
            if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone() is None:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db)))
                created = True
    return created


def _index_size(url: str) -> tuple[int, int]:
    """(public listings, search documents) in the catalogue database."""
    with psycopg.connect(url) as connection:
        listings = connection.execute(
            "SELECT count(*) FROM catalog_product p JOIN sellers_sellerorganisation o ON o.id = p.seller_id "
            "WHERE p.status = 'active' AND o.status = 'verified'").fetchone()[0]
        documents = connection.execute("SELECT count(*) FROM catalog_searchdocument").fetchone()[0]
    return listings, documents


def _manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    # Seeding runs with DEBUG on: the demo sellers' identity data needs the development vault keys it creates.
    seed_env = {**env, "DEBUG": "1"}
    done = subprocess.run([sys.executable, str(REPO / "manage.py"), *args], env=seed_env, cwd=REPO, check=True,
                          stdout=subprocess.PIPE if capture else sys.stderr, text=True)
    return done.stdout or ""


@contextmanager
def catalogue(args: argparse.Namespace) -> Iterator[Catalogue]:
    """The bench cluster with a catalogue database of `--products` listings, migrated, seeded and indexed."""
    name = f"lapak_catalog_{args.products}_s{args.data_seed}"
    with postgres(args.pg_purpose, keep=True) as database:
        created = _ensure_databases(database.url, name, args.fresh)
        url = f"{database.url.rsplit('/', 1)[0]}/{name}"
        env = django_env(url)
        django_prepare(env)
        stamp = RUN_DIR / f"{name}.json"
        log(f"catalogue database {name}: {'new' if created else 'exists'}; checking with demo_seed")
        _manage(env, "regions_load")
        started = time.perf_counter()
        report = json.loads(_manage(env, "demo_seed", "--scale", "0", "--products", str(args.products), "--seed",
                                    str(args.data_seed), capture=True).splitlines()[-1])
        bulk = report.get("catalog", {}).get("bulk", {})
        listings, documents = _index_size(url)
        if documents < listings:  # an earlier load stopped between the rows and the index
            log(f"{documents} search documents for {listings} listings: rebuilding the index")
            _manage(env, "demo_seed", "--scale", "0", "--products", str(args.products), "--seed",
                    str(args.data_seed), "--reindex", "--quiet", capture=True)
            listings, documents = _index_size(url)
        seconds = round(time.perf_counter() - started, 1)
        if bulk.get("products_added"):
            stamp.write_text(json.dumps({"seconds": seconds, "demo_seed": report}))
        previous = json.loads(stamp.read_text()) if stamp.exists() else {}
        info = {"database": name, "products": args.products, "data_seed": args.data_seed,
                "public_listings": listings, "search_documents": documents,
                "seeded_now": bool(bulk.get("products_added")), "check_seconds": seconds,
                "seed_seconds": previous.get("seconds"),
                "seed_products_per_s": previous.get("demo_seed", {}).get("catalog", {}).get("bulk", {}).get(
                    "products_per_s"),
                "search_rebuild_seconds": previous.get("demo_seed", {}).get("catalog", {}).get("bulk", {}).get(
                    "search_rebuild_seconds")}
        log(f"catalogue ready: {listings} public listings, {documents} search documents")
        yield Catalogue(database=database, url=url, env=env, info=info)


def sample(url: str, query: str, params: list | None = None, *, seed: float = 0.42) -> list:
    """Rows of `query`, drawn the same way on every run over the same data (`setseed` fixes random())."""
    with psycopg.connect(url) as connection:
        connection.execute("SELECT setseed(%s)", [seed])
        return connection.execute(query, params or []).fetchall()
