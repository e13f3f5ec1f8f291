"""A checkout the compliance rules refuse: the page shows each reason with its rule and what to do, in the
buyer's language, and nothing is written but the decision."""

from __future__ import annotations

import re

import pytest

from lapak.compliance.models import Decision
from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.models import Order
from lapak.market.orders.tests import support
from lapak.market.sellers.models import SellerOrganisation

address, cart, couriers, market, places = (  # fixtures
    support.address, support.cart, support.couriers, support.market, support.places)
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "id"])
def test_a_refused_order_shows_the_reasons_inline(cart, market, address, buyer, language):
    # As if one of the shops were the platform's own first-party shop: ID-MKT-1 refuses the order in Indonesia.
    SellerOrganisation.objects.filter(pk=market.budi.pk).update(seller_type="first_party")
    client = client_in(language, buyer)
    html = client.get("/cart/checkout/").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    response = client.post("/cart/checkout/", {
        "idempotency_key": key, "address": address.public_id, "action": "place",
        f"ship-{market.budi.public_id}": "jne:REG", f"ship-{market.sari.public_id}": "jne:REG"})
    assert response.status_code == 403
    page = response.content.decode()
    decision = Decision.objects.get(event="checkout.place")
    reason = next(r for r in decision.reasons if r["rule_id"] == "ID-MKT-1")
    other = "id" if language == "en" else "en"
    assert 'id="checkout-refusal"' in page and 'data-rule="ID-MKT-1"' in page
    assert reason[f"title_{language}"] in page and reason[f"title_{other}"] not in page
    assert reason[f"message_{language}"][:40] in page
    assert not Order.objects.exists()
