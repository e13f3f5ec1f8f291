"""Creating shipments, and the public couriers and quote endpoints."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import ValidationFailed
from lapak.market.shipping.models import Shipment
from lapak.market.shipping.shipments import shipment_create

pytestmark = pytest.mark.django_db


def test_a_shipment_is_priced_from_the_rate_table_and_audited(villages, couriers):
    shipment = shipment_create(seller_order_ref="so_1", courier_code="jne", service_code="REG",
                               origin_region="3171011001", destination_region=villages["bandung"],
                               parcels=[(1301, 100, 100, 100)], actor="user:1")
    assert (shipment.price, shipment.chargeable_grams, shipment.origin_region) == (22_000, 2000, "31.71.01.1001")
    assert AuditEvent.objects.get(action="shipping.shipment.created").subject_id == shipment.public_id


def test_a_service_that_does_not_serve_the_destination_is_refused(villages, couriers):
    with pytest.raises(ValidationFailed) as caught:
        shipment_create(seller_order_ref="so_1", courier_code="anteraja", service_code="REG",
                        origin_region=villages["gambir"], destination_region=villages["jayapura"],
                        parcels=[(1000, 1, 1, 1)], actor="user:1")
    assert caught.value.code == "courier_does_not_serve"
    with pytest.raises(ValidationFailed):
        shipment_create(seller_order_ref="so_1", courier_code="sandbox", service_code="SAMEDAY",
                        origin_region=villages["gambir"], destination_region=villages["bandung"],
                        parcels=[(1000, 1, 1, 1)], actor="user:1")
    assert not Shipment.objects.exists()
    assert not AuditEvent.objects.filter(subject_type="shipment").exists()


def test_couriers_endpoint_lists_active_couriers_and_services(couriers):
    body = Client().get("/api/v1/shipping/couriers").json()
    by_code = {c["code"]: c for c in body}
    assert {s["code"] for s in by_code["sicepat"]["services"]} == {"REG", "BEST"}
    assert {"jne", "jnt", "sicepat", "anteraja", "sandbox"} <= set(by_code)


def test_quote_endpoint(villages, couriers):
    response = Client().get("/api/v1/shipping/quote", {"origin": villages["gambir"], "destination":
                            villages["kemayoran"], "weight": 500, "dimensions": "400x300x200"})
    assert response.status_code == 200, response.content
    quotes = {(q["courier"], q["service"]): q for q in response.json()}
    assert quotes[("jne", "REG")]["chargeable_grams"] == 4000 and quotes[("jne", "REG")]["price"] == 36_000
    assert quotes[("sandbox", "SAMEDAY")]["level"] == "same_day"


@pytest.mark.parametrize(("params", "field"), [
    ({"origin": "31.71", "destination": "32.73.01.1001", "weight": 500}, "origin"),
    ({"origin": "31.71.01.1001", "destination": "nope", "weight": 500}, "destination"),
    ({"origin": "31.71.01.1001", "destination": "32.73.01.1001", "weight": 0}, "weight"),
    ({"origin": "31.71.01.1001", "destination": "32.73.01.1001", "weight": "abc"}, "weight"),
    ({"origin": "31.71.01.1001", "destination": "32.73.01.1001", "weight": 5, "dimensions": "30x20"}, "dimensions"),
    ({"origin": "31.71.01.1001", "destination": "32.73.01.1001"}, "weight"),
])
def test_quote_endpoint_bad_input_is_one_error_shape(villages, couriers, params, field):
    response = Client().get("/api/v1/shipping/quote", params)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"} and field in error["fields"]
