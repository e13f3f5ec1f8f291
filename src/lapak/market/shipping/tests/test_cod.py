"""Cash on delivery on the courier's side: which services collect cash (from the couriers file), the amount
carried from payments' instruction onto the shipment and into the KiriminAja booking, and the sandbox courier's
remittance of the cash it collected."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.core.errors import ValidationFailed
from lapak.market.shipping.cod import (
    cash_on_delivery_amount,
    cash_on_delivery_set,
    sandbox_cod_remittance,
    services_without_cod,
)
from lapak.market.shipping.loading import couriers_file_check, couriers_file_read
from lapak.market.shipping.models import CourierService, Shipment, ShipmentStatus
from lapak.market.shipping.shipments import shipment_book, shipment_create
from lapak.market.shipping.tests.test_kiriminaja import Provider

pytestmark = pytest.mark.django_db
PARCEL = [(1000, 100, 100, 100)]


def test_the_sandbox_collects_cash_and_the_others_do_not_yet(couriers):
    assert services_without_cod([("sandbox", "REG"), ("sandbox", "SAMEDAY"), ("jne", "REG"), ("nope", "X")]) == [
        ("jne", "REG"), ("nope", "X")]
    data = couriers_file_read()
    data["couriers"][0]["services"][0]["cod"] = "yes"
    with pytest.raises(ValidationFailed):
        couriers_file_check(data)


def test_the_instruction_is_set_once_and_copied_to_the_shipment(villages, couriers):
    assert cash_on_delivery_set(seller_order_ref="so_1", amount=150_000).amount == 150_000
    assert cash_on_delivery_set(seller_order_ref="so_1", amount=1).amount == 150_000  # fixed at the first call
    assert cash_on_delivery_amount(seller_order_ref="so_1") == 150_000
    assert cash_on_delivery_amount(seller_order_ref="ret_1") == 0  # a return's shipment collects nothing
    shipment = shipment_create(seller_order_ref="so_1", courier_code="sandbox", service_code="REG",
                               origin_region=villages["gambir"], destination_region=villages["bandung"],
                               parcels=PARCEL, actor="test")
    assert shipment.cod_amount == 150_000
    with pytest.raises(ValidationFailed) as caught:
        shipment_create(seller_order_ref="so_1", courier_code="jne", service_code="REG",
                        origin_region=villages["gambir"], destination_region=villages["bandung"], parcels=PARCEL,
                        actor="test")
    assert caught.value.code == "courier_no_cod"


def test_kiriminaja_is_asked_to_collect_the_cash(villages, couriers, contacts):
    CourierService.objects.filter(courier__code="jne", code="REG").update(cod=True)
    cash_on_delivery_set(seller_order_ref="so_1", amount=95_000)
    shipment = shipment_create(seller_order_ref="so_1", courier_code="jne", service_code="REG",
                               origin_region=villages["gambir"], destination_region=villages["bandung"],
                               parcels=PARCEL, actor="test")
    provider = Provider(order_id=shipment.public_id)
    shipment_book(shipment=shipment, sender=contacts[0], recipient=contacts[1], parcels=PARCEL, item_name="Kaos",
                  item_value=80_000, actor="test", adapter=provider.adapter())
    assert json.loads(provider.requests[1].content)["packages"][0]["cod"] == 95_000


def test_the_sandbox_remits_what_it_collected_that_day(villages, couriers, contacts):
    from lapak.market.shipping.adapters.sandbox import SandboxAdapter

    cash_on_delivery_set(seller_order_ref="so_1", amount=95_000)
    made = [shipment_create(seller_order_ref=ref, courier_code="sandbox", service_code="REG",
                            origin_region=villages["gambir"], destination_region=villages["bandung"],
                            parcels=PARCEL, actor="test") for ref in ("so_1", "so_2")]
    for shipment in made:
        shipment_book(shipment=shipment, sender=contacts[0], recipient=contacts[1], parcels=PARCEL, item_name="Kaos",
                      item_value=80_000, actor="test", adapter=SandboxAdapter())
    now = timezone.now()
    Shipment.objects.update(status=ShipmentStatus.DELIVERED, status_occurred_at=now)
    reference, lines = sandbox_cod_remittance(day=timezone.localdate(now))
    cod = Shipment.objects.get(seller_order_ref="so_1")
    assert [(line.tracking_number, line.amount) for line in lines] == [(cod.tracking_number, 95_000)]
    assert reference.startswith("SANDBOX-COD-")
    assert sandbox_cod_remittance(day=timezone.localdate(now - timedelta(days=1)))[1] == []
