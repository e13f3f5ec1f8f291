"""Bulk-loads the `oversight` benchmark's orders with COPY: `main(orders, seed, worker, workers, now)`, run in
`workers` processes at once by bench/scenarios/oversight.py with the database's environment (Django settings,
DATABASE_URL). The buyers are created first, in the scenario's process
(`buyers_ensure`).

The catalogue comes from `demo_seed --scale 0 --products P` (verified sellers in every province, each with a
declared UMKM class; listings in every category, domestic, imported by the seller and a few cross-border direct).
Orders spread over the last 24 months, growing by about half a year over year with a December peak. A buyer lives
in one of ~40 villages of their province (provinces weighted as online shoppers are: Java first); sellers are drawn
with a heavy tail (a few big shops, many small ones). Each order has 1-3 seller orders of 1-3 lines; 12 % end
cancelled (9 % never paid), the others completed, except the youngest, still on their way. Every order that
reached payment has one payment intent (QRIS, virtual account, e-wallet, card, cash on delivery), paid or expired;
a paid cash-on-delivery order has one parcel per seller order (remitted once completed). What it leaves out, said
plainly: order events, shipments, returns, refunds, ledger postings and payouts.

Rows go straight into the tables with ids reserved from their sequences, in batches of BATCH orders, one
transaction per batch; the batch number is recorded in `bench_oversight_batch` in the same transaction, so an
interrupted load resumes with the missing batches and a batch is never written twice. Batch b is the same
whatever the number of workers (its random source is seeded by b).
"""
from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta

from bench.scenarios.oversight_rows import World, batch_rows

BATCH = 20_000
PROGRESS_TABLE = "bench_oversight_batch"
ORDER_FIELDS = ("id", "public_id", "buyer", "status", "recipient_name", "phone", "street", "village_code",
                "village_name", "district_name", "regency_name", "province_name", "postcode", "goods_total",
                "shipping_total", "seller_discount_total", "platform_discount", "grand_total", "ppn_total",
                "jurisdiction", "idempotency_key", "payment_reference", "placed_at", "payment_due_at", "paid_at",
                "closed_at")
SELLER_ORDER_FIELDS = ("id", "public_id", "order", "seller", "status", "courier_code", "service_code", "shipping_fee",
                       "eta_min_days", "eta_max_days", "origin_village_code", "goods_subtotal", "seller_discount",
                       "ppn_amount", "cancel_reason", "delivered_at", "return_deadline", "created_at", "updated_at")
LINE_FIELDS = ("seller_order", "variant", "title", "variant_label", "sku", "unit_price", "quantity", "weight_grams",
               "origin", "origin_country", "line_total", "attribution_creator", "attribution_source",
               "attribution_source_id", "attribution_campaign")
INTENT_FIELDS = ("id", "public_id", "order", "method", "channel", "amount", "status", "provider", "provider_order_id",
                 "provider_ref", "qr_string", "va_number", "bill_key", "biller_code", "redirect_url", "expires_at",
                 "failure", "created_at", "paid_at", "closed_at")
COD_FIELDS = ("public_id", "intent", "seller_order", "amount", "escrow_amount", "status", "provider",
              "tracking_number", "created_at", "collected_at", "remitted_at")
USER_FIELDS = ("password", "last_login", "is_superuser", "public_id", "email", "full_name", "language", "is_active",
               "is_staff", "date_joined")


def buyers_for(orders: int) -> int:
    return min(1_000_000, max(1_000, orders // 10))


def buyer_email(seed: int, index: int) -> str:
    return f"ovs.{seed}.{index}@bench.lapak.test"


def buyers_ensure(*, seed: int, count: int) -> list[int]:
    """Buyers 0..count-1 of `seed` (created with COPY where missing); their user ids by index."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from lapak.accounts.models import User
    from lapak.core.ids import new_public_id
    from lapak.demo.seeders.catalog_tables import rows_write, tables_analyze

    prefix = f"ovs.{seed}."
    have = User.objects.filter(email__startswith=prefix).count()
    unusable, now = make_password(None), timezone.now()
    for start in range(have, count, 50_000):
        with transaction.atomic():
            rows_write(User, USER_FIELDS, [
                (unusable, None, False, new_public_id("usr"), buyer_email(seed, i), f"Pembeli {i}", "id", True, False,
                 now - timedelta(days=800)) for i in range(start, min(count, start + 50_000))])
    if have < count:
        tables_analyze([User])
    by_email = dict(User.objects.filter(email__startswith=prefix).values_list("email", "id"))
    return [by_email[buyer_email(seed, i)] for i in range(count)]


def batch_write(world: World, batch: int, count: int, seed: int) -> int:
    """Writes batch `batch` unless it is recorded as written; returns the orders written (0 if it was)."""
    from django.db import connection, transaction

    from lapak.demo.seeders.catalog_tables import ids_reserve, rows_write
    from lapak.market.orders.models import Order, OrderLine, SellerOrder
    from lapak.market.payments.models import PaymentIntent
    from lapak.market.payments.models_cod import CodParcel

    rows = batch_rows(world, batch, count, seed)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute(f"INSERT INTO {PROGRESS_TABLE} (batch, orders) VALUES (%s, %s) "
                       "ON CONFLICT (batch) DO NOTHING RETURNING batch", [batch, count])
        if cursor.fetchone() is None:
            return 0
        order_ids = ids_reserve(Order, len(rows["orders"]))
        so_ids = ids_reserve(SellerOrder, len(rows["seller_orders"]))
        intent_ids = ids_reserve(PaymentIntent, len(rows["intents"]))
        for row, pk in zip(rows["orders"], order_ids, strict=True):
            row[0] = pk
        for row, pk in zip(rows["seller_orders"], so_ids, strict=True):
            row[0], row[2] = pk, order_ids[row[2]]
        for row in rows["lines"]:
            row[0] = so_ids[row[0]]
        for row, pk in zip(rows["intents"], intent_ids, strict=True):
            row[0], row[2] = pk, order_ids[row[2]]
        for row in rows["parcels"]:
            row[1], row[2] = intent_ids[row[1]], so_ids[row[2]]
        rows_write(Order, ORDER_FIELDS, rows["orders"])
        rows_write(SellerOrder, SELLER_ORDER_FIELDS, rows["seller_orders"])
        rows_write(OrderLine, LINE_FIELDS, rows["lines"])
        rows_write(PaymentIntent, INTENT_FIELDS, rows["intents"])
        rows_write(CodParcel, COD_FIELDS, rows["parcels"])
    return count


def progress_table_ensure() -> set[int]:
    """Creates the table of written batches if missing; returns the batches written."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {PROGRESS_TABLE} (batch integer PRIMARY KEY, orders integer)")
        cursor.execute(f"SELECT batch FROM {PROGRESS_TABLE}")
        return {row[0] for row in cursor.fetchall()}


def batches_for(orders: int) -> list[tuple[int, int]]:
    """(batch number, orders in it) for `orders` orders."""
    return [(b, min(BATCH, orders - b * BATCH)) for b in range((orders + BATCH - 1) // BATCH)]


def main(orders: int, seed: int, worker: int, workers: int, now_iso: str) -> None:
    import django

    django.setup()
    done = progress_table_ensure()
    buyers = buyers_ensure(seed=seed, count=buyers_for(orders))
    world = World(seed=seed, buyers=buyers, now=datetime.fromisoformat(now_iso))
    mine = [(b, n) for b, n in batches_for(orders) if b % workers == worker and b not in done]
    started, written = time.perf_counter(), 0
    for b, n in mine:
        begun = time.perf_counter()
        written += batch_write(world, b, n, seed)
        took = time.perf_counter() - begun
        print(f"oversight_seed[{worker}]: batch {b} in {took:.1f} s ({n / took:.0f} orders/s); {written} by this "
              f"worker in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
