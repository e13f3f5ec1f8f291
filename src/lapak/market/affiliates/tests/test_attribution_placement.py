"""Attribution decided at placement (review of issue 8): the last click in the window at placement wins, without
a re-add, and self-referral — the buyer's own link, or a member of the selling shop as the creator — attributes
nothing and earns nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.market.affiliates.models import HandoffClick
from lapak.market.affiliates.tests.attribution_support import *  # noqa: F403
from lapak.market.affiliates.tests.attribution_support import add, cart_line, creators, land, offer, token
from lapak.market.orders.models import OrderLine

__all__ = ["creators"]  # fixtures
pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _shirt_line(order, market) -> OrderLine:
    return OrderLine.objects.get(seller_order__order=order, variant=market.shirt)


def test_a_later_click_after_the_add_wins_at_placement_without_a_re_add(market, creators, buyer, place):
    offer(market.shirt.product, 1_000)
    client = _signed_in(buyer)
    land(client, token(creators.rizky, market.shirt))
    add(client, market.shirt)
    add(client, market.batik)
    land(client, token(creators.ayu, market.shirt, source="live"))  # later, and the shirt is not added again
    assert cart_line(buyer, market.shirt).attribution_creator == creators.rizky.public_id
    line = _shirt_line(place(), market)
    assert (line.attribution_creator, line.attribution_source, line.attribution_rate_bps) == (
        creators.ayu.public_id, "live", 1_000)
    assert line.attribution_click == HandoffClick.objects.get(creator=creators.ayu.public_id)


def test_an_expired_click_with_a_fresh_later_one_gives_the_fresh_one(market, creators, buyer, place):
    offer(market.shirt.product, 1_000)
    client = _signed_in(buyer)
    land(client, token(creators.rizky, market.shirt))
    add(client, market.shirt)
    add(client, market.batik)
    HandoffClick.objects.update(clicked_at=timezone.now() - timedelta(days=8),
                                expires_at=timezone.now() - timedelta(days=1))
    land(client, token(creators.ayu, market.shirt))
    line = _shirt_line(place(), market)
    assert (line.attribution_creator, line.attribution_rate_bps) == (creators.ayu.public_id, 1_000)


def test_an_anonymous_later_click_in_the_same_browser_counts_after_sign_in(market, creators, buyer, place):
    offer(market.shirt.product, 1_000)
    client = Client()
    land(client, token(creators.rizky, market.shirt))
    add(client, market.shirt)
    land(client, token(creators.ayu, market.shirt))  # still anonymous: known by its browser session only
    client.force_login(buyer)
    add(client, market.batik)  # merges the anonymous cart
    assert _shirt_line(place(), market).attribution_creator == creators.ayu.public_id


def test_a_buyer_buying_through_their_own_link_earns_nothing(market, buyer, place):
    offer(market.shirt.product, 5_000)
    client = _signed_in(buyer)
    land(client, token(buyer, market.shirt))  # the buyer is the creator of the link
    add(client, market.shirt, 2)
    add(client, market.batik)
    line = _shirt_line(place(), market)
    assert (line.attribution_creator, line.attribution_rate_bps, line.attribution_click) == ("", None, None)


def test_a_member_of_the_selling_shop_earns_nothing_on_its_products(market, creators, buyer, place):
    from lapak.market.sellers.models import Membership

    offer(market.shirt.product, 5_000)
    offer(market.tea.product, 5_000)
    client = _signed_in(buyer)
    land(client, token(market.budi_owner, market.shirt))  # the shop's owner promoting its own product
    land(client, token(creators.rizky, market.tea))
    add(client, market.shirt)
    add(client, market.tea)
    add(client, market.batik)
    assert Membership.objects.filter(user=market.budi_owner, organisation=market.budi).exists()
    assert market.shirt.product.seller_id == market.budi.pk
    order = place()
    line = _shirt_line(order, market)
    assert (line.attribution_creator, line.attribution_rate_bps) == ("", None)
    tea = OrderLine.objects.get(seller_order__order=order, variant=market.tea)  # an outside creator still earns
    assert (tea.attribution_creator, tea.attribution_rate_bps) == (creators.rizky.public_id, 5_000)
