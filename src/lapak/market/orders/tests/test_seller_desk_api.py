"""POST /api/v1/orders/seller/{org}/orders/{so}/ship: owners and managers book the courier or give the tracking
number; staff 403, other shops 404, regulators refused; bad input 422 with nothing written."""

from __future__ import annotations

import json

import pytest

from lapak.market.orders.tests.desk_support import accept, paid, staff, status_of

pytestmark = pytest.mark.django_db
__all__ = ["paid", "staff"]  # fixtures


@pytest.fixture
def ship(api_client, bearer):
    def send(org, so, body, user):
        return api_client.post(f"/api/v1/orders/seller/{org.public_id}/orders/{so.public_id}/ship",
                               data=json.dumps(body), content_type="application/json", **bearer(user))

    return send


def _shipments(so) -> int:
    from lapak.market.shipping.models import Shipment

    return Shipment.objects.filter(seller_order_ref=so.public_id).count()


def test_the_owner_ships_with_the_sandbox_courier(paid, market, ship):
    accept(paid.budi, market)
    response = ship(market.budi, paid.budi, {}, market.budi_owner)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "shipped" and status_of(paid.budi) == "shipped"
    again = ship(market.budi, paid.budi, {}, market.budi_owner)
    assert again.status_code == 409 and again.json()["error"]["code"] == "order_transition_not_allowed"
    assert _shipments(paid.budi) == 1


def test_who_may_ship(paid, market, ship, staff, make_user):
    accept(paid.budi, market)
    assert ship(market.budi, paid.budi, {}, staff).status_code == 403
    assert ship(market.budi, paid.budi, {}, market.sari_owner).status_code == 404  # another shop
    assert ship(market.sari, paid.budi, {}, market.sari_owner).status_code == 404  # own shop, not its order
    assert ship(market.budi, paid.budi, {}, make_user()).status_code == 404
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    assert ship(market.budi, paid.budi, {}, regulator).status_code in (403, 404)
    assert status_of(paid.budi) == "accepted" and _shipments(paid.budi) == 0


def test_unbookable_courier_needs_the_tracking_number(paid, market, ship):
    accept(paid.sari, market)
    response = ship(market.sari, paid.sari, {}, market.sari_owner)
    body = response.json()["error"]
    assert response.status_code == 422 and body["code"] == "tracking_number_required"
    assert "tracking_number" in body["fields"] and status_of(paid.sari) == "accepted"
    response = ship(market.sari, paid.sari, {"tracking_number": "JNE0099887766"}, market.sari_owner)
    assert response.status_code == 200 and status_of(paid.sari) == "shipped"


@pytest.mark.parametrize("body", [
    {"tracking_number": "bad number"}, {"tracking_number": "x" * 65}, {"extra": 1}, {"courier": "nope"},
    {"courier": "sandbox", "service": "NOPE"}, {"tracking_number": 12345678},
])
def test_bad_input_is_422_and_writes_nothing(paid, market, ship, body):
    accept(paid.budi, market)
    response = ship(market.budi, paid.budi, body, market.budi_owner)
    assert response.status_code == 422, response.content
    assert status_of(paid.budi) == "accepted" and _shipments(paid.budi) == 0


def test_an_order_not_accepted_does_not_ship(paid, market, ship):
    response = ship(market.budi, paid.budi, {}, market.budi_owner)
    assert response.status_code == 409 and status_of(paid.budi) == "paid" and _shipments(paid.budi) == 0
