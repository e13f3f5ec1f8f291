"""`compliance-sweep`: re-evaluate 1,000,000 listings after the positive list changed; target under 5 minutes,
in batches that never lock checkout out.

On its own database of a scripts/pg.sh cluster (`lapak_sweep_bench`, `--pg-purpose`, default bench): 1,000
verified business sellers and `--listings` single-variant listings written set-based (INSERT … SELECT
generate_series). One listing in `--cross-border-every` (40) is sold directly from abroad, with an HS code from
four (two on the positive list, ID-XB-2) and a FOB value from USD 40 to 250; the rest are domestic. Statuses
are what the rules answered yesterday: cross-border listings under USD 100 FOB are refused unless their code
is on the list.

Then, in one transaction, the list in force until yesterday is closed and a new version without one of the two
codes starts today, and re-evaluation is requested (`compliance_reevaluate_request`, as the reference-data
console does); the run is executed in this process (`reevaluation_run_execute`, what the task runs) and timed.
Meanwhile `--lockers` processes take checkout-like row locks (`SELECT … FOR UPDATE` on a random product, held
1 ms, half of them on listings the sweep will pause) and record how long each waited. The run checks itself:
the run's counts against what SQL says they must be, and the paused listings against the changed count.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from bench._catalog import _ensure_databases
from bench._load import percentile
from bench._proc import cores
from bench._registry import scenario
from bench._server import REPO, django_env, django_prepare, log, postgres

NAME = "compliance-sweep"
DATABASE = "lapak_sweep_bench"
TARGET_S = 300
KEPT, DROPPED, PRICED = "49019900", "85234990", ("61091000", "64039990")  # on the list; dropped; never on it
FOBS = (4_000, 8_000, 9_999, 10_000, 15_000, 25_000)  # US cents


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--listings", type=int, default=1_000_000, help="listings to seed and sweep (1e6)")
    parser.add_argument("--batch", type=int, default=2_000, help="listings per sweep batch (2000)")
    parser.add_argument("--cross-border-every", type=int, default=40,
                        help="one listing in N is sold directly from abroad (40: 2.5%%, a generous share for ID)")
    parser.add_argument("--lockers", type=int, default=2, help="processes taking checkout-like row locks (2)")
    parser.add_argument("--fresh", action="store_true", help="drop the scenario's database and set it up again")
    parser.add_argument("--pg-purpose", default="bench",
                        help="scripts/pg.sh cluster to use (bench; LAPAK_PG_PORT picks its port)")


@scenario(NAME, help="re-evaluate 1,000,000 listings after a positive-list change on PostgreSQL", configure=configure)
def run(args: argparse.Namespace) -> Iterator[dict]:
    with postgres(args.pg_purpose, keep=True) as database:
        _ensure_databases(database.url, DATABASE, args.fresh)
        env = django_env(f"{database.url.rsplit('/', 1)[0]}/{DATABASE}")
        env["TASKS_BACKEND"] = "database"  # the run is executed below, in this process, under the clock
        django_prepare(env)
        os.environ.update(env)
        sys.path.insert(0, str(REPO / "src"))
        import django

        django.setup()
        began = time.perf_counter()
        stamp, expected = _seed(args.listings, args.cross_border_every)
        seed_s = round(time.perf_counter() - began, 1)
        log(f"seeded {args.listings} listings in {seed_s} s; {expected['changed']} will be paused")
        timed = _TimedSource()
        run, sweep_s, waits = _sweep(stamp, args, timed)
        check = _check(run, stamp, expected)
        yield {"scenario": NAME, "listings": args.listings, "seed_s": seed_s,
               "sweep_s": round(sweep_s, 1), "listings_per_s": round(run.examined / sweep_s),
               "examined": run.examined, "changed": run.changed, "restored": run.restored, "batch": args.batch,
               "cross_border_every": args.cross_border_every, "apply_s": round(timed.seconds, 1),
               "ms_per_paused_listing": round(timed.seconds * 1000 / max(run.changed, 1), 1),
               "examine_listings_per_s": round(run.examined / max(sweep_s - timed.seconds, 0.001)),
               "lock_wait_ms": waits, "target": {"sweep_s": f"< {TARGET_S}", "pass": sweep_s < TARGET_S},
               "consistency": check, "database": f"postgresql {database.version}", "django": django.__version__,
               "python": platform.python_version(), "cores": cores(),
               "date": datetime.now(UTC).isoformat(timespec="seconds")}
        if not check["ok"]:
            raise SystemExit(f"bench: consistency check failed: {check}")


def _seed(listings: int, every: int) -> tuple[str, dict]:
    from django.db import connection, transaction
    from django.utils import timezone

    from lapak.compliance.models import ExchangeRate, HsListEntry, HsListVersion
    from lapak.market.catalog.models import Category

    stamp = f"{time.time_ns() // 1_000_000:x}"
    today = timezone.localdate()
    category, _ = Category.objects.get_or_create(slug="bench-sweep-kaos",
                                                 defaults={"name_id": "Kaos (bench)", "name_en": "T-shirts (bench)"})
    with transaction.atomic():
        if not ExchangeRate.objects.filter(currency="USD", valid_from__lte=today - timedelta(1),
                                           valid_until__gte=today).exists():
            ExchangeRate.objects.create(currency="USD", idr_per_unit=16_250, valid_from=today - timedelta(1),
                                        valid_until=today + timedelta(6), source="KMK bench", created_by="bench")
        # The list in force until yesterday: every earlier version ends then, and the bench's own starts.
        HsListVersion.objects.filter(created_by="bench").delete()  # a previous run's lists
        current = HsListVersion.objects.filter(jurisdiction="ID").exclude(effective_until__lt=today)
        current.filter(effective_from__gte=today).update(status="withdrawn")
        current.filter(effective_from__lt=today).update(effective_until=today - timedelta(1))
        before = HsListVersion.objects.create(
            jurisdiction="ID", label=f"bench {stamp} before", source="bench", effective_from=today - timedelta(30),
            effective_until=today - timedelta(1), status="active", created_by="bench")
        HsListEntry.objects.bulk_create([HsListEntry(version=before, hs_code=c) for c in (KEPT, DROPPED)])
    params = {"n": listings, "stamp": stamp, "every": every, "category": category.pk, "sellers": 1_000, "kept": KEPT,
              "dropped": DROPPED, "p1": PRICED[0], "p2": PRICED[1], "fobs": list(FOBS)}
    with transaction.atomic(), connection.cursor() as cursor:
        # The scenario's own database: the previous run's shops and listings go, so each run sweeps its own.
        cursor.execute("TRUNCATE catalog_product, sellers_sellerorganisation CASCADE")
        log("inserting sellers")
        cursor.execute("""
            INSERT INTO sellers_sellerorganisation (public_id, seller_type, jurisdiction, status, umkm_class,
                shop_name, shop_slug, description, logo_content_type, pickup_street, pickup_postcode, verified_at,
                created_at, updated_at)
            SELECT 'org_sw' || %(stamp)s || g, 'business', 'ID', 'verified', 'small', 'Sweep ' || g,
                   'sweep-' || %(stamp)s || '-' || g, '', '', '', '', now(), now(), now()
            FROM generate_series(1, %(sellers)s) g""", params)
        log("inserting listings")
        # Every `every`-th listing is cross-border: code by (g / every) % 4, FOB by (g / every / 4) % 6. Refused:
        # under USD 100 and not on yesterday's list.
        cursor.execute("""
            WITH s AS (SELECT array_agg(id ORDER BY id) AS ids FROM sellers_sellerorganisation
                       WHERE public_id LIKE 'org_sw' || %(stamp)s || '%%'),
                 g AS (SELECT g, g %% %(every)s = 0 AS xb,
                              (ARRAY[%(kept)s, %(dropped)s, %(p1)s, %(p2)s])[(g / %(every)s) %% 4 + 1] AS hs,
                              (%(fobs)s::int[])[(g / %(every)s / 4) %% 6 + 1] AS fob
                       FROM generate_series(1, %(n)s) g)
            INSERT INTO catalog_product (public_id, seller_id, category_id, title, description_id, description_en,
                origin, origin_country, hs_code, fob_value_usd_cents, status, refusal_reasons, last_decision_id,
                published_at, created_at, updated_at)
            SELECT 'prd_sw' || %(stamp)s || '_' || g, s.ids[g %% %(sellers)s + 1], %(category)s, 'Produk ' || g,
                   'Kaos katun.', '', CASE WHEN xb THEN 'cross_border_direct' ELSE 'domestic' END,
                   CASE WHEN xb THEN 'CN' ELSE 'ID' END, CASE WHEN xb THEN hs ELSE '' END,
                   CASE WHEN xb THEN fob END,
                   CASE WHEN xb AND fob < 10000 AND hs NOT IN (%(kept)s, %(dropped)s) THEN 'refused' ELSE 'active' END,
                   CASE WHEN xb AND fob < 10000 AND hs NOT IN (%(kept)s, %(dropped)s)
                        THEN '[{"rule_id": "ID-XB-1", "message_id": "", "message_en": ""}]'::jsonb
                        ELSE '[]'::jsonb END,
                   '', now(), now(), now()
            FROM g, s ORDER BY g""", params)
        log("inserting variants")
        # Prices clear the floor in rupiah at any plausible rate (Rp 20,000 per USD of FOB).
        cursor.execute("""
            INSERT INTO catalog_variant (public_id, product_id, seller_id, sku, price, options, weight_grams,
                length_mm, width_mm, height_mm, is_active, created_at, updated_at)
            SELECT 'var' || substr(p.public_id, 4), p.id, p.seller_id, 'SW-' || p.id,
                   COALESCE(p.fob_value_usd_cents * 200, 75000), '{}', 250, 300, 200, 20, true, now(), now()
            FROM catalog_product p WHERE p.public_id LIKE 'prd_sw' || %(stamp)s || '%%'""", params)
        cursor.execute("""
            SELECT count(*) FILTER (WHERE status = 'active'),
                   count(*) FILTER (WHERE status = 'active' AND hs_code = %(dropped)s AND fob_value_usd_cents < 10000)
            FROM catalog_product WHERE public_id LIKE 'prd_sw' || %(stamp)s || '%%'""", params)
        active, changed = cursor.fetchone()
    with connection.cursor() as cursor:
        for table in ("catalog_product", "catalog_variant", "sellers_sellerorganisation"):
            cursor.execute(f"ANALYZE {table}")
    return stamp, {"active": active, "changed": changed}


class _TimedSource:
    """The registered listing source, with the time its `apply` (the locked re-decisions) takes added up."""

    def __init__(self) -> None:
        self.seconds, self.inner = 0.0, None

    def batches(self, jurisdiction: str, after_pk: int, size: int) -> list:
        return self.inner.batches(jurisdiction, after_pk, size)

    def apply(self, subject_id: str, evaluation: object, run: object) -> bool:
        began = time.perf_counter()
        try:
            return self.inner.apply(subject_id, evaluation, run)
        finally:
            self.seconds += time.perf_counter() - began


def _sweep(stamp: str, args: argparse.Namespace, timed: _TimedSource) -> tuple:
    from django.db import connections, transaction
    from django.utils import timezone

    from lapak.compliance.models import HsListEntry, HsListVersion, ReevaluationRun
    from lapak.compliance.reevaluation import compliance_reevaluate_request, reevaluation_run_execute
    from lapak.compliance.subjects import register_subject_source, subject_source
    from lapak.market.catalog.models import Product

    timed.inner = subject_source("listing.publish")
    register_subject_source("listing.publish", timed)
    today = timezone.localdate()
    with transaction.atomic():
        after = HsListVersion.objects.create(jurisdiction="ID", label=f"bench {stamp} after", source="bench",
                                             effective_from=today, status="active", created_by="bench")
        HsListEntry.objects.create(version=after, hs_code=KEPT)
        compliance_reevaluate_request(jurisdiction="ID", events=["listing.publish"],
                                      cause=f"bench positive list {stamp}", actor="bench")
    run = ReevaluationRun.objects.get(cause=f"bench positive list {stamp}")
    ours = Product.objects.filter(public_id__startswith=f"prd_sw{stamp}")
    first, last = ours.order_by("pk").values_list("pk", flat=True)[:1][0], ours.order_by("-pk")[0].pk
    doomed = list(ours.filter(hs_code=DROPPED, fob_value_usd_cents__lt=10_000).values_list("pk", flat=True)[:5_000])
    # The lockers are processes of their own, so what they measure is the database's lock wait, not this
    # process's interpreter lock while it evaluates.
    context = multiprocessing.get_context("spawn")
    done, results = context.Event(), context.Queue()
    url = connections["default"].settings_dict
    dsn = f"host={url['HOST']} port={url['PORT']} dbname={url['NAME']} user={url['USER']} password={url['PASSWORD']}"
    lockers = [context.Process(target=lock_rows, args=(dsn, doomed or [first], first, last, i, done, results))
               for i in range(args.lockers)]
    for locker in lockers:
        locker.start()
    time.sleep(1)  # connected and locking before the clock starts
    log(f"sweeping run {run.public_id}")
    began = time.perf_counter()
    try:
        run = reevaluation_run_execute(run_id=run.pk, batch_size=args.batch)
    finally:
        seconds = time.perf_counter() - began
        done.set()
        waits = [w for _ in lockers for w in results.get(timeout=60)]
        for locker in lockers:
            locker.join()
    ordered = sorted(waits)
    ms = lambda p: round(percentile(ordered, p) * 1000, 2)  # noqa: E731
    return run, seconds, {"locks": len(ordered), "p50": ms(50), "p99": ms(99),
                          "max": round(ordered[-1] * 1000, 2) if ordered else None}


def lock_rows(dsn: str, doomed: list[int], first: int, last: int, seed: int, done: object, results: object) -> None:
    """A checkout's row locks: lock one product (half the time one the sweep pauses), hold it 1 ms, commit."""
    import psycopg

    rng, waits = random.Random(seed), []
    with psycopg.connect(dsn) as connection:
        while not done.is_set():
            pk = rng.choice(doomed) if rng.random() < 0.5 else rng.randint(first, last)
            with connection.transaction():
                began = time.perf_counter()
                connection.execute("SELECT id FROM catalog_product WHERE id = %s FOR UPDATE", [pk]).fetchall()
                waits.append(time.perf_counter() - began)
                time.sleep(0.001)
    results.put(waits)


def _check(run: object, stamp: str, expected: dict) -> dict:
    from lapak.market.catalog.models import Product

    ours = Product.objects.filter(public_id__startswith=f"prd_sw{stamp}")
    paused = ours.filter(status="paused").exclude(refusal_reasons=[]).count()
    refused = ours.filter(status="refused").count()
    result = {"expected_changed": expected["changed"], "paused_listings": paused,
              "expected_examined": expected["active"] + refused, "status": run.status}
    result["ok"] = (run.status == "done" and run.changed == paused == expected["changed"]
                    and run.examined == expected["active"] + refused and run.restored == 0)
    return result
