"""Review: a courier's remittance that takes longer than the rollup lag must not leave payments behind the
watermark (each line settles its intent in its own transaction, committed when the line is reached)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from freezegun import freeze_time

from lapak.market.payments.models import PaymentIntent
from lapak.market.payments.models_cod import CodParcel
from lapak.market.payments.services import cod_remittance
from lapak.market.shipping.cod import RemittanceLine
from lapak.oversight.service.services import rollup_refresh
from lapak.oversight.service.tests.support import at, compute

pytestmark = pytest.mark.django_db


def test_a_slow_remittance_with_a_refresh_in_the_middle_loses_no_payment(world, monkeypatch):
    buyer, seller = world.buyer(), world.seller()
    parcels = []
    for index in range(2):
        so = world.order(buyer, seller, when=at("2026-03-01"))
        intent = PaymentIntent.objects.create(order=so.order, method="cod", amount=so.order.grand_total,
                                              status="pending", provider="", provider_order_id=f"cod-{index}",
                                              created_at=at("2026-03-01"))
        parcels.append(CodParcel.objects.create(intent=intent, seller_order=so, amount=50_000, escrow_amount=50_000,
                                                status="collected", provider="jne", tracking_number=f"AWB-{index}",
                                                collected_at=at("2026-03-02")))
    start = at("2026-03-05", 10)
    real_line_record = cod_remittance._line_record
    seen = []

    def line_then_wait(*args, **kwargs):
        row = real_line_record(*args, **kwargs)
        if not seen:  # the courier's file is long: the next line comes minutes later, after a periodic refresh
            seen.append(row)
            clock.move_to(start + timedelta(minutes=6))
            rollup_refresh("service.payments")
        return row

    monkeypatch.setattr(cod_remittance, "_line_record", line_then_wait)
    with freeze_time(start) as clock:
        # The later parcel first: its intent has the higher id.
        cod_remittance.cod_remittance_record(provider="jne", reference="R-1", remitted_on=start.date(), lines=[
            RemittanceLine(tracking_number="AWB-1", amount=50_000),
            RemittanceLine(tracking_number="AWB-0", amount=50_000)])
    assert PaymentIntent.objects.filter(status="paid").count() == 2
    with freeze_time(start + timedelta(minutes=20)):
        rollup_refresh("service.payments")
        rollup = compute("payment-methods", source="rollup", by=("method",)).rows
        scratch = compute("payment-methods", source="scratch", by=("method",)).rows
    assert [row["payments"] for row in scratch] == [2]
    assert rollup == scratch
