"""The hand-off landing page: a genuine new token is one click and a 302 to the product page; forged, expired,
malformed and replayed tokens record nothing (ID-SOC-2: the token is the only way attribution crosses)."""

from __future__ import annotations

import base64
import json
import time

import pytest
from django.test import Client

from lapak.core.testing import race
from lapak.market.affiliates.models import HandoffClick
from lapak.market.affiliates.tests.attribution_support import *  # noqa: F403
from lapak.market.affiliates.tests.attribution_support import creators, land, product_url, token

__all__ = ["creators"]  # fixtures
pytestmark = pytest.mark.django_db


def test_a_genuine_token_records_one_click_and_goes_to_the_product(market, creators, settings):
    settings.ATTRIBUTION_WINDOW_DAYS = 7
    raw = token(creators.rizky, market.shirt, campaign="lebaran-26")
    response = land(Client(), raw)
    assert response.status_code == 302 and response["Location"] == product_url(market.shirt)
    [click] = HandoffClick.objects.all()
    assert (click.creator, click.source, click.campaign, click.product_id) == (
        creators.rizky.public_id, "post", "lebaran-26", market.shirt.product_id)
    assert click.session_key and click.user is None
    assert (click.expires_at - click.clicked_at).days == 7


def test_a_signed_in_buyer_is_recorded_and_the_window_follows_the_setting(market, creators, buyer, settings):
    settings.ATTRIBUTION_WINDOW_DAYS = 3
    client = Client()
    client.force_login(buyer)
    assert land(client, token(creators.rizky, market.tea, source="live")).status_code == 302
    click = HandoffClick.objects.get()
    assert click.user == buyer and click.source == "live" and (click.expires_at - click.clicked_at).days == 3


def test_a_replayed_token_records_nothing_and_still_reaches_the_product(market, creators):
    raw = token(creators.rizky, market.shirt)
    assert land(Client(), raw).status_code == 302
    again = land(Client(), raw)  # another browser with the same link: refused, sent on without attribution
    assert again.status_code == 302 and again["Location"] == product_url(market.shirt)
    assert HandoffClick.objects.count() == 1


def _forged(raw: str, **changes) -> str:
    body, signature = raw.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims.update(changes)
    forged = base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode()).rstrip(b"=").decode()
    return f"{forged}.{signature}"


def test_forged_and_expired_tokens_record_nothing_but_send_the_browser_on(market, creators, make_user):
    raw = token(creators.rizky, market.shirt)
    forged = _forged(raw, c=creators.ayu.public_id)  # another creator's name on Rizky's signature
    expired = token(creators.rizky, market.shirt, now=time.time() - 3600)
    for bad in (forged, expired):
        response = land(Client(), bad)
        assert response.status_code == 302 and response["Location"] == product_url(market.shirt)
    assert not HandoffClick.objects.exists()


@pytest.mark.parametrize("raw", ["", "x", "a.b.c", "!!!.???", "e30.AAAA", "x" * 5000,
                                 base64.urlsafe_b64encode(b'{"p":"../../admin"}').decode().rstrip("=") + ".AA"])
def test_malformed_tokens_get_a_plain_400_page_never_a_500(raw, db):
    response = land(Client(raise_request_exception=False), raw)
    assert response.status_code == 400
    assert not HandoffClick.objects.exists()


def test_a_product_no_longer_on_sale_is_not_attributed(market, creators):
    from lapak.market.catalog.models import Product

    raw = token(creators.rizky, market.batik)
    Product.objects.filter(pk=market.batik.product_id).update(status="paused")
    response = land(Client(), raw)
    assert response.status_code == 302 and not HandoffClick.objects.exists()


def test_head_requests_do_not_use_up_the_click(market, creators):
    raw = token(creators.rizky, market.shirt)
    assert Client().head("/handoff/", {"t": raw}).status_code == 400
    assert land(Client(), raw).status_code == 302 and HandoffClick.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_token_twice_at_once_is_one_click(racing_db, market, creators):
    raw = token(creators.rizky, market.shirt)
    outcomes = race(lambda: land(Client(), raw).status_code, lambda: land(Client(), raw).status_code)
    assert outcomes == [302, 302]
    assert HandoffClick.objects.count() == 1
