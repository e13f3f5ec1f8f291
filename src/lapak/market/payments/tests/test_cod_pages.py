"""Cash on delivery on the pay page and in the API: offered when allowed, shown with the reason when not,
chosen in one step; the API's intent endpoint takes "cod" and the COD router answers availability."""

from __future__ import annotations

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from lapak.config.api import BearerToken
from lapak.core.errors import LapakError
from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.models import Order
from lapak.market.orders.tests.returns_api_support import rworld_fixture  # noqa: F401
from lapak.market.payments.tests.cod_support import place_cod
from lapak.market.sellers.tests.test_api_support import call, error_of

PAYMENTS = "/api/v1/payments"
pytestmark = pytest.mark.django_db


def test_the_pay_page_offers_cod_and_confirms_the_order(place, market, buyer):
    order = place_cod(place, market, buyer)
    client = client_in("en", buyer)
    page = client.get(f"/pay/{order.public_id}/").content.decode()
    assert 'value="cod"' in page and 'value="cod" disabled' not in page
    response = client.post(f"/pay/{order.public_id}/", {"method": "cod"})
    assert response.status_code == 302 and Order.objects.get(pk=order.pk).status == "paid"
    html = client.get(f"/pay/{order.public_id}/").content.decode()
    assert 'id="pay-cod"' in html and "Toko Sari" in html and 'id="pay-done"' not in html


def test_the_pay_page_says_why_cod_is_not_offered(place, market, buyer, settings):
    order = place_cod(place, market, buyer, courier=("jne", "REG"))
    client = client_in("en", buyer)
    page = client.get(f"/pay/{order.public_id}/").content.decode()
    assert 'value="cod" disabled' in page and 'id="cod-reason"' in page and "does not collect cash" in page
    response = client.post(f"/pay/{order.public_id}/", {"method": "cod"})  # a hand-made post
    assert response.status_code == 422 and 'id="method-errors"' in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == "awaiting_payment"


@pytest.fixture
def world(rworld):
    return rworld


def test_the_api_takes_cod(world):
    order = world.placed()
    headers = world.headers["buyer"]
    response = call("POST", f"{PAYMENTS}/orders/{order.public_id}/intents", headers, json_body={"method": "cod"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["method"], body["status"], body["gateway"], body["expires_at"]) == ("cod", "pending", "", None)
    refused = call("POST", f"{PAYMENTS}/orders/{world.placed(('jne', 'REG')).public_id}/intents", headers,
                   json_body={"method": "cod"})
    assert refused.status_code == 422 and error_of(refused)["code"] == "cod_not_available"


def _cod_api() -> TestClient:
    """The COD router mounted as config/api.py mounts routers (bearer tokens, the one error shape)."""
    from lapak.market.payments.api_cod import router

    api = NinjaAPI(urls_namespace="cod-test", auth=BearerToken())
    api.exception_handler(LapakError)(lambda request, exc: api.create_response(request, exc.as_body(),
                                                                                status=exc.status))
    api.add_router("/payments/", router)
    return TestClient(api)


def test_the_cod_router_answers_availability(world):
    client = _cod_api()
    token = world.headers["buyer"]["HTTP_AUTHORIZATION"]
    order = world.placed()
    body = client.get(f"/payments/orders/{order.public_id}/cod", headers={"Authorization": token}).json()
    assert (body["available"], body["reason"], body["chosen"]) == (True, "", False)
    no = client.get(f"/payments/orders/{world.placed(('jne', 'REG')).public_id}/cod",
                    headers={"Authorization": token}).json()
    assert no["available"] is False and no["reason"]
    other = world.headers["other_buyer"]["HTTP_AUTHORIZATION"]
    assert client.get(f"/payments/orders/{order.public_id}/cod", headers={"Authorization": other}).status_code == 404
    assert client.get(f"/payments/orders/{order.public_id}/cod").status_code == 401
    call("POST", f"{PAYMENTS}/orders/{order.public_id}/intents", world.headers["buyer"], json_body={"method": "cod"})
    chosen = client.get(f"/payments/orders/{order.public_id}/cod", headers={"Authorization": token}).json()
    assert chosen["chosen"] and chosen["available"] is False and len(chosen["parcels"]) == 1
