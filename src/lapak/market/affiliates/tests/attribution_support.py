"""Ground for the hand-off, attribution and creator-earnings tests (import the fixtures into a test module): the
payments world (two shops, a buyer with an address, a fake Midtrans), a creator, open offers, and helpers to
issue a hand-off token (as social would), land it, and add to the cart through the real page."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client

from lapak.core.handoff import handoff_token_issue
from lapak.core.ids import new_public_id
from lapak.market.payments.tests.conftest import (  # noqa: F401  (fixtures)
    address,
    build,
    buyer,
    catalogue,
    couriers,
    market,
    midtrans,
    other_buyer,
    people,
    place,
    places,
    racing_db,
    region_tree,
    shops,
)

SOURCES = {"post": new_public_id("pst"), "live": new_public_id("liv")}


@pytest.fixture
def creators(make_user):
    """Two creators (role granted) and a buyer-only user who is not one."""
    return SimpleNamespace(rizky=make_user(email="rizky@example.test", roles=["buyer", "creator"]),
                           ayu=make_user(email="ayu@example.test", roles=["creator"]))


def offer(product, rate_bps: int):
    from lapak.market.affiliates.models import AffiliateOffer

    return AffiliateOffer.objects.create(seller=product.seller, product=product, rate_bps=rate_bps)


def token(creator, variant, *, source: str = "post", campaign: str = "", now: float | None = None) -> str:
    source_id = SOURCES.get(source) or new_public_id("usr")
    return handoff_token_issue(creator=creator.public_id, source=source, source_id=source_id,
                               product=variant.product.public_id, campaign=campaign, now=now)


def land(client: Client, raw: str):
    return client.get("/handoff/", {"t": raw})


def add(client: Client, variant, quantity: int = 1):
    response = client.post("/cart/add/", {"variant": variant.public_id, "quantity": str(quantity)})
    assert response.status_code == 302, response.content[:500]
    return response


def product_url(variant) -> str:
    return f"/p/{variant.product.public_id}/"


def cart_line(user, variant):
    from lapak.market.checkout.models import CartLine

    return CartLine.objects.select_related("attribution_click").get(cart__user=user, variant=variant)
