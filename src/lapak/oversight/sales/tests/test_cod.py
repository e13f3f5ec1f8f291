"""Cash on delivery and prepaid orders placed and confirmed through the real checkout and payment services: both
count in the month they were confirmed (COD: when the buyer chose it), once, and an order still awaiting
payment does not count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.orders.models import Order, SellerOrder
from lapak.market.orders.services import order_mark_paid
from lapak.market.orders.tests.support import fill
from lapak.market.payments.models import PaymentIntent
from lapak.market.payments.services import payment_intent_create
from lapak.market.payments.tests.cod_support import place_cod
from lapak.oversight.figures.base import FIGURES, FigureQuery
from lapak.oversight.sales import services
from lapak.oversight.sales.services import sales_rollup_refresh

pytestmark = pytest.mark.django_db


def test_cod_and_prepaid_orders_count_from_confirmation(place, market, buyer, monkeypatch):
    cod = place_cod(place, market, buyer, key="cod-1")
    payment_intent_create(order=cod, buyer=buyer, method="cod")
    fill(buyer, (market.shirt, 1))
    prepaid = place(key="prepaid-1", shipping_choices={market.budi.public_id: ("jne", "REG")})
    order_mark_paid(order=prepaid, payment_reference="gateway-ref-1")
    fill(buyer, (market.tea, 1))
    place(key="unpaid-1", shipping_choices={market.budi.public_id: ("jne", "REG")})
    cod, prepaid = Order.objects.get(pk=cod.pk), Order.objects.get(pk=prepaid.pk)
    assert PaymentIntent.objects.get(order=cod).status == "pending"  # no cash collected yet
    assert cod.paid_at is not None and prepaid.paid_at is not None  # COD: confirmed, so counted from now

    assert sales_rollup_refresh() == 0  # younger than the lag
    later = timezone.now() + timedelta(minutes=3)
    monkeypatch.setattr(services, "rollup_horizon", lambda: later - timedelta(minutes=2))
    assert sales_rollup_refresh() == 3  # COD: two seller orders; prepaid: one
    assert sales_rollup_refresh() == 0

    today = timezone.localdate()
    rows = {}
    for source in ("rollup", "scratch"):
        query = FigureQuery(jurisdiction="ID", date_from=today.replace(day=1), date_to=today, by=(), source=source)
        rows[source] = FIGURES["sales"].compute(query).rows
    assert rows["rollup"] == rows["scratch"]
    goods = sum(so.goods_subtotal for so in SellerOrder.objects.filter(order__in=[cod, prepaid]))
    assert rows["rollup"][0]["gmv"] == goods == 520_000 + 75_000
    assert rows["rollup"][0]["orders"] == 3
