"""Ground for the escrow release tests (import the fixtures into a test module): an order paid by QRIS through
the real notification path (escrow credited per seller order), both seller orders delivered and completed, and
helpers to close the return window and to read the ledger."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from lapak.market.orders.models import SellerOrder
from lapak.market.payments.tests.conftest import notify


def pay(order, buyer, midtrans) -> None:
    from lapak.market.payments.services import payment_intent_create

    intent = payment_intent_create(order=order, buyer=buyer, method="qris")
    assert notify(midtrans.settle(intent.provider_order_id)).json() == {"outcome": "paid"}


def deliver(order, *, complete: bool = True) -> list[SellerOrder]:
    from lapak.market.orders.services import seller_order_transition

    steps = [("accepted", "seller"), ("shipped", "system"), ("delivered", "system")]
    steps += [("completed", "system")] if complete else []
    for so in SellerOrder.objects.filter(order=order).order_by("pk"):
        for to, kind in steps:
            seller_order_transition(seller_order=SellerOrder.objects.get(pk=so.pk), to=to, actor_kind=kind)
    return list(SellerOrder.objects.filter(order=order).select_related("order", "seller").order_by("pk"))


def close_window(so) -> SellerOrder:
    """Pretend the return window closed a second ago (its own rules are the orders tests')."""
    SellerOrder.objects.filter(pk=so.pk).update(return_deadline=timezone.now() - timedelta(seconds=1))
    return fresh(so)


def fresh(so) -> SellerOrder:
    return SellerOrder.objects.select_related("order", "seller").get(pk=so.pk)


def balance(kind: str, owner: str = "") -> int:
    from lapak.market.ledger.selectors import ledger_balance

    return ledger_balance(kind=kind, owner_ref=owner)


def rename_top_categories(catalogue) -> None:
    """Give the fixtures' top-level categories slugs of the real category tree, so the commission file's
    rates apply: Fesyen → fashion-pria (5 %), Minuman → makanan-minuman (4 %)."""
    from lapak.market.catalog.models import Category

    Category.objects.filter(pk=catalogue.fashion.pk).update(slug="fashion-pria")
    Category.objects.filter(pk=catalogue.drinks.pk).update(slug="makanan-minuman")


@pytest.fixture
def paid_order(midtrans, place, cart, buyer, catalogue):
    """Goods 520,000: Toko Budi 2 shirts (150,000, fashion 5 %) and a tea (120,000, food 4 %); Toko Sari a batik
    (250,000, fashion). Paid by QRIS; escrow holds each shop's goods plus its shipping."""
    rename_top_categories(catalogue)
    order = place()
    pay(order, buyer, midtrans)
    return order


@pytest.fixture
def completed(paid_order, market):
    """(order, Toko Budi's seller order, Toko Sari's): completed, return windows still open."""
    budi, sari = deliver(paid_order)
    assert budi.seller_id == market.budi.pk
    return SimpleNamespace(order=paid_order, budi=budi, sari=sari)
