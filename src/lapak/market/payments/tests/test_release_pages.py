"""The seller centre's money page: the shop's balance, its escrow still held and its releases; every member of
the shop reads it, other shops and strangers get 404, regulators 403, anonymous visitors the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.tests.desk_support import staff
from lapak.market.payments.services.release import escrow_release
from lapak.market.payments.tests.release_support import close_window, completed, paid_order

__all__ = ["completed", "paid_order", "staff"]  # fixtures
pytestmark = pytest.mark.django_db


def _url(org) -> str:
    return reverse("payments_seller:balance", args=[org.public_id])


def test_members_read_the_balance_the_escrow_held_and_each_release(completed, market, staff):
    release = escrow_release(seller_order=close_window(completed.budi))
    for user in (market.budi_owner, staff):
        page = client_in("en", user).get(_url(market.budi))
        assert page.status_code == 200
        html = page.content.decode()
        assert f'id="release-{completed.budi.public_id}"' in html
        assert "Rp12.300" in html and "Rp1.350" in html  # commission and PPh 22
        assert page.context["balances"] == {"payable": release.seller_net, "pending_escrow": 0}
    sari = client_in("id", market.sari_owner).get(_url(market.sari))
    assert sari.status_code == 200 and 'id="no-releases"' in sari.content.decode()
    assert sari.context["balances"] == {"payable": 0, "pending_escrow": 250_000 + completed.sari.shipping_fee}


def test_other_shops_strangers_regulators_and_anonymous_visitors_cannot_read_it(completed, market, make_user):
    assert client_in("en", market.sari_owner).get(_url(market.budi)).status_code == 404
    assert client_in("en", make_user(email="orang@example.test")).get(_url(market.budi)).status_code == 404
    assert client_in("en", market.budi_owner).get("/seller/payments/org_doesnotexist/").status_code == 404
    regulator = make_user(email="satgas@example.test", roles=["regulator"], jurisdiction="ID")
    assert client_in("en", regulator).get(_url(market.budi)).status_code == 403
    anonymous = client_in("en").get(_url(market.budi))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert client_in("en", market.budi_owner).post(_url(market.budi)).status_code == 405
