"""`reserve-contention`: one variant with 1,000 units, 200 concurrent reservers, PostgreSQL row locks.

The reservers call `stock_reserve` directly through Django (there is no HTTP endpoint yet), through a pool
of database worker threads the way an app server's workers would: each reserver submits one reservation at
a time (1..3 units, a fresh key each) and waits for it, until the variant is sold out. Latency is measured
from submission to answer, so it includes waiting for a free worker and for the stock row lock.

The scenario checks itself: exactly 1,000 units reserved, no reservation counted twice, the database rows
equal to what the reservers were told they got. A failed check is reported in the JSON and exits non-zero.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from bench._load import percentile
from bench._proc import cores
from bench._registry import scenario
from bench._server import REPO, django_env, django_prepare, log, postgres

NAME = "reserve-contention"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--units", type=int, default=1000, help="units of the one variant (1000)")
    parser.add_argument("--reservers", type=int, default=200, help="concurrent reservers (200)")
    parser.add_argument("--db-workers", type=int, default=100,
                        help="database worker threads, one connection each (100; the cluster allows 200)")
    parser.add_argument("--max-line", type=int, default=3, help="each reservation asks for 1..N units (3)")
    parser.add_argument("--seed", type=int, default=4, help="random seed for the requested quantities")


@scenario(NAME, help="1,000 units, 200 concurrent reservers, direct service calls on PostgreSQL", configure=configure)
def run(args: argparse.Namespace) -> Iterator[dict]:
    with postgres("bench") as database:
        env = django_env(database.url)
        django_prepare(env)
        os.environ.update(env)
        sys.path.insert(0, str(REPO / "src"))
        import django

        django.setup()
        variant = _seed(args.units)
        log(f"{args.reservers} reservers, {args.db_workers} database workers, {args.units} units")
        figures = _contend(variant, args)
        check = _check(variant, figures.pop("granted"), args.units)
        yield {"scenario": NAME, **figures, "consistency": check,
               "client": {"kind": "direct-service-calls", "note": "stock_reserve called in-process via Django ORM, "
                          "no HTTP (no endpoint yet)", "reservers": args.reservers, "db_workers": args.db_workers,
                          "units_per_request": f"1..{args.max_line}", "seed": args.seed},
               "database": f"postgresql {database.version}", "django": django.__version__,
               "python": platform.python_version(), "cores": cores(),
               "date": datetime.now(UTC).isoformat(timespec="seconds")}
        if not check["ok"]:
            raise SystemExit(f"bench: consistency check failed: {check}")


def _seed(units: int):
    from lapak.market.catalog.models import Category, Product, Variant
    from lapak.market.inventory.services import stock_restock, warehouse_create
    from lapak.market.sellers.models import SellerOrganisation
    from lapak.regions.models import Region

    def region(code: str, level: int, kind: str, name: str, parent: Region | None = None) -> Region:
        return Region.objects.get_or_create(code=code, defaults={
            "digits": code.replace(".", ""), "level": level, "kind": kind, "name": name, "parent": parent,
            "postcode": "10110" if level == 4 else ""})[0]

    village = region("31.71.01.1001", 4, "kelurahan", "Gambir", region(
        "31.71.01", 3, "kecamatan", "Gambir", region(
            "31.71", 2, "kota_administrasi", "Kota Administrasi Jakarta Pusat", region(
                "31", 1, "provinsi", "Daerah Khusus Ibukota Jakarta"))))
    stamp = f"{time.time_ns():x}"
    org = SellerOrganisation.objects.create(seller_type="individual", shop_name="Toko Bench",
                                            shop_slug=f"bench-reserve-{stamp}")
    category = Category.objects.get_or_create(slug="bench-reserve", defaults={"name_id": "Uji", "name_en": "Bench"})[0]
    product = Product.objects.create(seller=org, category=category, title="Kaos Flash Sale")
    variant = Variant.objects.create(product=product, seller=org, sku=f"FLASH-{stamp}", price=99_000,
                                     weight_grams=200, length_mm=300, width_mm=200, height_mm=20)
    warehouse = warehouse_create(organisation=org, name="Gudang Bench", region=village, street="Jl. Bench 1",
                                 postcode="10110")
    stock_restock(variant=variant, warehouse=warehouse, quantity=units, actor="bench")
    return variant


def _contend(variant, args: argparse.Namespace) -> dict:
    from django.db import connections

    from lapak.market.inventory.errors import InsufficientStock
    from lapak.market.inventory.services import stock_reserve

    sold_out = threading.Event()
    lock = threading.Lock()
    latencies: list[float] = []
    granted: list[tuple[str, int]] = []  # (reservation public id, units) as told to the reservers
    outcomes: Counter = Counter()
    ttl = timedelta(minutes=30)

    def reserve(key: str, quantity: int) -> list:
        return stock_reserve(lines=[(variant, quantity)], key=key, ttl=ttl)

    def reserver(index: int, pool: ThreadPoolExecutor, start: threading.Barrier) -> None:
        rng = random.Random(args.seed * 100_003 + index)
        start.wait()
        attempt = 0
        while not sold_out.is_set():
            attempt += 1
            quantity = rng.randint(1, args.max_line)
            began = time.perf_counter()
            future = pool.submit(reserve, f"bench-{index}-{attempt}", quantity)
            try:
                reservations = future.result()
                kind = "reserved"
            except InsufficientStock as exc:
                kind = "insufficient_stock"
                if exc.lines[0].available == 0:
                    sold_out.set()
            except Exception as exc:  # a deadlock or a dropped connection is a finding, not a crash
                kind = f"error:{type(exc).__name__}"
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                outcomes[kind] += 1
                if kind == "reserved":
                    granted.extend((r.public_id, r.quantity) for r in reservations)

    with ThreadPoolExecutor(max_workers=args.db_workers, thread_name_prefix="db") as pool:
        # Open the workers' connections before the clock starts, so connecting is not measured.
        warm = threading.Barrier(args.db_workers)
        list(pool.map(lambda _i: (warm.wait(), connections["default"].ensure_connection()), range(args.db_workers)))
        start = threading.Barrier(args.reservers + 1)
        threads = [threading.Thread(target=reserver, args=(i, pool, start)) for i in range(args.reservers)]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
        list(pool.map(lambda _i: (warm.wait(), connections.close_all()), range(args.db_workers)))

    ordered = sorted(latencies)
    ms = lambda p: round(percentile(ordered, p) * 1000, 2)  # noqa: E731
    return {
        "wall_s": round(wall, 3),
        "reservations": outcomes["reserved"],
        "throughput_rps": round(outcomes["reserved"] / wall, 1),
        "attempts_per_s": round(len(ordered) / wall, 1),
        "latency_ms": {"p50": ms(50), "p95": ms(95), "p99": ms(99), "max": round(ordered[-1] * 1000, 2)},
        "outcomes": dict(outcomes),
        "insufficient_stock": outcomes["insufficient_stock"],
        "conflicts": sum(n for kind, n in outcomes.items() if kind.startswith("error:")),
        "granted": granted,
    }


def _check(variant, granted: list[tuple[str, int]], units: int) -> dict:
    from django.db.models import Sum

    from lapak.market.inventory.models import Reservation, Stock

    rows = dict(Reservation.objects.filter(stock__variant=variant).values_list("public_id", "quantity"))
    told_units = sum(quantity for _id, quantity in granted)
    told_ids = [public_id for public_id, _q in granted]
    stock = Stock.objects.filter(variant=variant).aggregate(shelf=Sum("quantity"), allocated=Sum("quantity_allocated"))
    result = {
        "units": units,
        "reserved_units_db": sum(rows.values()),
        "reserved_units_told": told_units,
        "duplicate_reservation_ids": len(told_ids) - len(set(told_ids)),
        "told_equals_db": dict(granted) == rows,
        "shelf": stock["shelf"],
        "allocated": stock["allocated"],
    }
    result["ok"] = (result["reserved_units_db"] == units == told_units and result["duplicate_reservation_ids"] == 0
                    and result["told_equals_db"] and stock["shelf"] == units)
    return result
