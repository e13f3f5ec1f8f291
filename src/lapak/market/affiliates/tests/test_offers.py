"""A shop's open affiliate offers: who may set them, on which products, which rates; the public read."""

from __future__ import annotations

import pytest

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import NotFound, PermissionDenied, ValidationFailed
from lapak.market.affiliates.models import AffiliateOffer
from lapak.market.affiliates.selectors_rates import commission_rate_for
from lapak.market.affiliates.services_offers import offer_set, offer_update
from lapak.market.affiliates.tests.offers_support import *  # noqa: F403
from lapak.market.affiliates.tests.offers_support import A, call, error_of


def test_owner_sets_changes_and_switches_off_an_offer_each_audited(aworld):
    w = aworld
    offer = offer_set(actor=w.owner, seller=w.shop, product=w.live, rate_bps=1_000)
    assert (offer.rate_bps, offer.active) == (1_000, True)
    assert commission_rate_for(product_id=w.live.pk, creator=w.users["creator"].public_id) == 1_000
    offer = offer_set(actor=w.users["manager_a"], seller=w.shop, product=w.live, rate_bps=1_250)
    assert AffiliateOffer.objects.filter(product=w.live).count() == 1 and offer.rate_bps == 1_250
    offer = offer_update(actor=w.owner, offer=offer, active=False)
    assert commission_rate_for(product_id=w.live.pk, creator=w.users["creator"].public_id) is None
    actions = list(AuditEvent.objects.filter(subject_id=offer.public_id).order_by("pk").values_list("action",
                                                                                                      flat=True))
    assert actions == ["affiliates.offer.create", "affiliates.offer.update", "affiliates.offer.off"]


@pytest.mark.parametrize("rate", [0, 99, 5_001, -100, True, "1000", 1.5])
def test_rates_outside_one_to_fifty_percent_are_refused(aworld, rate):
    with pytest.raises(ValidationFailed) as caught:
        offer_set(actor=aworld.owner, seller=aworld.shop, product=aworld.live, rate_bps=rate)
    assert "rate_bps" in caught.value.fields
    assert not AffiliateOffer.objects.exists()


@pytest.mark.parametrize("rate", [100, 5_000])
def test_the_bounds_themselves_are_allowed(aworld, rate):
    assert offer_set(actor=aworld.owner, seller=aworld.shop, product=aworld.live, rate_bps=rate).rate_bps == rate


@pytest.mark.parametrize("state", ["draft", "submitted", "paused", "removed"])
def test_only_products_on_sale_take_an_offer(aworld, state):
    product = aworld.product(state)
    with pytest.raises(ValidationFailed) as caught:
        offer_set(actor=aworld.owner, seller=aworld.shop, product=product, rate_bps=500)
    assert "product" in caught.value.fields


def test_another_shops_product_is_refused_even_through_the_service(aworld):
    with pytest.raises(ValidationFailed):
        offer_set(actor=aworld.owner, seller=aworld.shop, product=aworld.other_product, rate_bps=500)


def test_staff_and_outsiders_cannot_set_offers(aworld):
    with pytest.raises(PermissionDenied):
        offer_set(actor=aworld.users["staff_a"], seller=aworld.shop, product=aworld.live, rate_bps=500)
    with pytest.raises(NotFound):
        offer_set(actor=aworld.users["owner_b"], seller=aworld.shop, product=aworld.live, rate_bps=500)
    assert not AffiliateOffer.objects.exists()


def test_the_public_read_shows_a_switched_on_offer_of_a_product_on_sale(aworld):
    w = aworld
    path = f"{A}/products/{w.live.public_id}/offer"
    assert error_of(call("GET", path, {}))["code"] == "affiliate_offer_not_found"
    offer = offer_set(actor=w.owner, seller=w.shop, product=w.live, rate_bps=750)
    response = call("GET", path, {})
    assert response.status_code == 200
    assert response.json() == {"product_id": w.live.public_id, "rate_bps": 750}
    offer_update(actor=w.owner, offer=offer, active=False)
    assert call("GET", path, {}).status_code == 404


def test_the_api_sets_and_patches_an_offer_with_field_errors_in_the_one_shape(aworld):
    w = aworld
    path = f"{A}/seller/{w.shop.public_id}/offers/{w.live.public_id}"
    bad = call("PUT", path, w.headers["owner_a"], json_body={"rate_bps": 6_000})
    assert bad.status_code == 422 and "rate_bps" in error_of(bad)["fields"]
    extra = call("PUT", path, w.headers["owner_a"], json_body={"rate_bps": 600, "seller": "x"})
    assert extra.status_code == 422
    made = call("PUT", path, w.headers["owner_a"], json_body={"rate_bps": 600})
    assert made.status_code == 200 and made.json()["rate_bps"] == 600
    off = call("PATCH", path, w.headers["manager_a"], json_body={"active": False})
    assert off.status_code == 200 and off.json()["active"] is False
    listed = call("GET", f"{A}/seller/{w.shop.public_id}/offers", w.headers["staff_a"])
    assert [o["product_id"] for o in listed.json()] == [w.live.public_id]
