"""Orders awaiting payment and the Midtrans notifications that pay them, for the `payment-notify` scenario.

Orders: a few *template* orders are placed through the real services (cart, `checkout_place`: two sellers, one
unit from each, so two seller orders and two stock holds each); every other order is a set-based copy of a
template (Order, SellerOrder, OrderLine, the stock Reservation under the new order's id, the placement
OrderEvent), as `checkout_place` would have written it. What the copies skip (the audit row, the compliance
decision, the outbox announcement) is not read on the payment path. Each order then gets one payment intent,
written as the charge would have left it: `requires_action`, gateway "midtrans", its own provider order id and
transaction id. The benchmark is about the notification path, not the charge.

Notifications: built with the sandbox gateway's own `notification_body` and `method_details` (the fields and
the SHA-512 signature exactly as Midtrans sends them), signed with settings.MIDTRANS_SERVER_KEY, encoded once,
so a duplicate is the very same bytes.

The gateway: Lapak confirms every notification that could change something by asking the gateway for the
order's status (payments/services/notifications.py), so the bench runs the real sandbox gateway
(lapak.gateway_sandbox under gunicorn, as `make demo` does) on a store of its own, seeded with one `settlement`
transaction per intent, built from the same transaction as the notifications (`sandbox_transaction`): its status
answer then carries the same order id, status, status code, transaction time and amount, hence the same event
key, as the settlement notification.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bench._server import REPO, RUN_DIR, Server, gunicorn_server
from bench._shop import Buyer, Seller

MERCHANT_ID = "G000LAPAK"
WEBHOOK = "/api/v1/payments/webhooks/midtrans"
BATCH = 1_000


@dataclass(frozen=True)
class Intent:
    pk: int
    public_id: str
    order_id: int
    order_public_id: str
    amount: int
    payment_type: str  # Midtrans' payment_type: qris or bank_transfer
    transaction_id: str


@dataclass(frozen=True)
class Delivery:
    kind: str  # settlement | duplicate | pending (a late, out-of-order copy)
    intent: int  # index into the intents
    body: bytes


def _copy(obj, **changes) -> dict:
    """The concrete fields of `obj` (no primary key, a fresh public id when it has one), with `changes`."""
    fields = {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields if not f.primary_key}
    if "public_id" in fields:
        fields["public_id"] = type(obj)._meta.get_field("public_id").get_default()
    return {**fields, **changes}


def templates_place(*, run: str, sellers: list[Seller], buyers: list[Buyer]) -> list[int]:
    """One order per buyer through the real cart and checkout services: listing i of each of the two sellers."""
    from lapak.accounts.models import User
    from lapak.market.checkout.services import cart_line_add, cart_open, checkout_place

    shipping = {s.public_id: ("jne", "REG") for s in sellers}
    placed = []
    for i, buyer in enumerate(buyers):
        user = User.objects.get(pk=buyer.user_id)
        cart = cart_open(user=user)
        for seller in sellers:
            cart_line_add(cart=cart, variant_id=seller.listings[i % len(seller.listings)].public_id, quantity=1)
        order = checkout_place(buyer=user, address_public_id=buyer.address, shipping_choices=shipping,
                               voucher_codes=[], idempotency_key=f"paynotify-{run}-template-{i}")
        placed.append(order.pk)
    return placed


def orders_copy(*, run: str, templates: list[int], count: int) -> list[int]:
    """`count` orders in all: the templates and set-based copies of them, round-robin; returns their pks."""
    from django.db import transaction
    from django.utils import timezone

    from lapak.market.inventory.models import Reservation
    from lapak.market.orders.models import Order, OrderEvent, OrderLine, SellerOrder
    from lapak.market.orders.policy import payment_window, reservation_ttl

    source = {o.pk: o for o in Order.objects.filter(pk__in=templates)}
    parts = {pk: {"seller_orders": list(SellerOrder.objects.filter(order_id=pk).order_by("pk")),
                  "lines": list(OrderLine.objects.filter(seller_order__order_id=pk).order_by("pk")),
                  "holds": list(Reservation.objects.filter(key=source[pk].public_id).order_by("pk")),
                  "event": OrderEvent.objects.filter(order_id=pk, seller_order=None).order_by("pk").first()}
             for pk in templates}
    made = list(templates)
    for start in range(len(templates), count, BATCH):
        now = timezone.now()
        size = min(BATCH, count - start)
        picks = [templates[(start + i) % len(templates)] for i in range(size)]
        with transaction.atomic():
            orders = Order.objects.bulk_create([Order(**_copy(
                source[pk], idempotency_key=f"paynotify-{run}-{start + i}", placed_at=now,
                payment_due_at=now + payment_window())) for i, pk in enumerate(picks)])
            seller_orders, holds, events = [], [], []
            for order, pk in zip(orders, picks, strict=True):
                seller_orders += [SellerOrder(**_copy(so, order_id=order.pk, created_at=now, updated_at=now))
                                  for so in parts[pk]["seller_orders"]]
                holds += [Reservation(**_copy(r, key=order.public_id, created_at=now,
                                              reserved_until=now + reservation_ttl())) for r in parts[pk]["holds"]]
                events.append(OrderEvent(**_copy(parts[pk]["event"], order_id=order.pk, at=now)))
            seller_orders = SellerOrder.objects.bulk_create(seller_orders)
            by_template = iter(seller_orders)
            lines = []
            for pk in picks:
                copies = {so.pk: next(by_template) for so in parts[pk]["seller_orders"]}
                lines += [OrderLine(**_copy(line, seller_order_id=copies[line.seller_order_id].pk))
                          for line in parts[pk]["lines"]]
            OrderLine.objects.bulk_create(lines)
            Reservation.objects.bulk_create(holds)
            OrderEvent.objects.bulk_create(events)
        made += [o.pk for o in orders]
    return made


def intents_seed(*, orders: list[int]) -> list[Intent]:
    """One live intent per order, as a successful charge leaves it: half QRIS, half a BCA virtual account."""
    from django.db import transaction
    from django.utils import timezone

    from lapak.market.orders.models import Order
    from lapak.market.payments.models import IntentStatus, PaymentIntent

    totals = dict(Order.objects.filter(pk__in=orders).values_list("pk", "grand_total"))
    public = dict(Order.objects.filter(pk__in=orders).values_list("pk", "public_id"))
    now = timezone.now()
    intents: list[Intent] = []
    for start in range(0, len(orders), BATCH):
        rows = []
        for i, order_pk in enumerate(orders[start:start + BATCH], start):
            public_id = PaymentIntent._meta.get_field("public_id").get_default()
            qris = i % 2 == 0
            rows.append(PaymentIntent(
                public_id=public_id, order_id=order_pk, method="qris" if qris else "va",
                channel="" if qris else "bca", amount=totals[order_pk], status=IntentStatus.REQUIRES_ACTION,
                provider="midtrans", provider_order_id=public_id, provider_ref=str(uuid.uuid4()),
                va_number="" if qris else f"12345{i:011d}", expires_at=now + timedelta(minutes=15),
                created_at=now))
        with transaction.atomic():
            made = PaymentIntent.objects.bulk_create(rows)
        intents += [Intent(pk=p.pk, public_id=p.public_id, order_id=p.order_id, order_public_id=public[p.order_id],
                           amount=p.amount, payment_type="qris" if p.method == "qris" else "bank_transfer",
                           transaction_id=p.provider_ref) for p in made]
    return intents


def sandbox_transaction(intent: Intent, *, created: float, status: str) -> dict:
    """`intent`'s transaction as the sandbox gateway stores it, charged at `created` (Unix time), in `status`."""
    from lapak.gateway_sandbox.methods import method_details
    from lapak.gateway_sandbox.payloads import jakarta_time

    charge = {"payment_type": intent.payment_type}
    if intent.payment_type == "bank_transfer":
        charge["bank_transfer"] = {"bank": "bca"}
    details = method_details(charge, order_id=intent.public_id, transaction_id=intent.transaction_id,
                             amount=intent.amount, base_url="http://127.0.0.1:8010")
    return {"order_id": intent.public_id, "transaction_id": intent.transaction_id,
            "payment_type": intent.payment_type, "status": status, "gross_amount": intent.amount,
            "transaction_time": jakarta_time(created), "expiry_ts": created + 900,
            "expiry_time": jakarta_time(created + 900), "settlement_time": jakarta_time(created + 60),
            "notify_url": "", "details": details, "history": ["pending", status] if status != "pending" else [status]}


def notification(intent: Intent, status: str, *, created: float) -> bytes:
    """The HTTP notification Midtrans would POST for `intent` in `status`, as bytes."""
    from django.conf import settings

    from lapak.gateway_sandbox.payloads import notification_body

    body = notification_body(sandbox_transaction(intent, created=created, status="pending"), [],
                             server_key=settings.MIDTRANS_SERVER_KEY, merchant_id=MERCHANT_ID, status=status)
    return json.dumps(body).encode()


def gateway_seed(path: Path, intents: list[Intent], *, created: float) -> None:
    """A fresh sandbox store at `path` holding one `settlement` transaction per intent (the buyer paid)."""
    from lapak.gateway_sandbox.store import Store

    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    store = Store(path)
    try:
        with store.transaction() as conn:
            for intent in intents:
                store.insert(conn, sandbox_transaction(intent, created=created, status="settlement"))
    finally:
        store.close()


@contextmanager
def sandbox_gateway(intents: list[Intent], *, created: float, threads: int) -> Iterator[Server]:
    """The sandbox gateway under gunicorn (one process, as its store wants; `threads` threads) on a free port,
    with its own store seeded by `gateway_seed` and Lapak's server key; stopped and its store removed at the end.
    It sends no notifications of its own: no transaction names a notification URL."""
    from django.conf import settings

    path = RUN_DIR / f"gateway-sandbox-{os.getpid()}.sqlite3"  # one per bench process: runs may overlap
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    gateway_seed(path, intents, created=created)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "GATEWAY_SANDBOX_DB": str(path),
           "GATEWAY_SANDBOX_SERVER_KEY": settings.MIDTRANS_SERVER_KEY, "GATEWAY_SANDBOX_MERCHANT_ID": MERCHANT_ID,
           "GATEWAY_SANDBOX_NOTIFY_URL": "", "GATEWAY_SANDBOX_CONTROLS": "0"}
    try:
        with gunicorn_server(env, workers=1, worker_class="gthread", threads=threads,
                             app="lapak.gateway_sandbox.app:app", name="gateway-sandbox") as gateway:
            yield gateway
    finally:
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)


def deliveries_plan(intents: list[Intent], *, duplicates: int, reordered: int, gap: int, created: float,
                    rng: random.Random) -> list[Delivery]:
    """One settlement per intent; `duplicates` exact copies of settlements (some intents get several; half
    of the copies sent right behind their settlement, half anywhere); and for `reordered` intents a `pending`
    notification sent at least `gap` places after that intent's settlement (a stale status arriving late).
    Shuffled, apart from those constraints. `created` is when the transactions were charged (Unix time)."""
    settlements = [notification(intent, "settlement", created=created) for intent in intents]
    items: list[tuple[float, Delivery]] = []
    position = {}
    for i, body in enumerate(settlements):
        position[i] = rng.random()
        items.append((position[i], Delivery("settlement", i, body)))
    total = len(items) + duplicates + reordered
    for n, i in enumerate(rng.choices(range(len(intents)), k=duplicates)):
        # Half the copies right behind their settlement (in flight together: the claim race), half anywhere.
        key = position[i] + rng.random() / total if n % 2 == 0 else rng.random()
        items.append((key, Delivery("duplicate", i, settlements[i])))
    for i in rng.sample(range(len(intents)), k=reordered):
        earliest = position[i] + gap / total
        key = rng.uniform(earliest, 1.0) if earliest < 1.0 else 1.0 + rng.random()
        items.append((key, Delivery("pending", i, notification(intents[i], "pending", created=created))))
    items.sort(key=lambda item: item[0])
    return [delivery for _key, delivery in items]
