"""The seller centre shows payouts (with why one is held) and serves the statement of the shop's payable as
CSV for a date range; every member of the shop reads it, another shop gets 404."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.tests.desk_support import staff
from lapak.market.payments.services.payouts import payout_create
from lapak.market.payments.tests.payout_support import fund, ready
from lapak.market.sellers.models import SellerOrganisation

__all__ = ["staff"]  # fixtures
pytestmark = pytest.mark.django_db


def _statement(client, org, **params):
    response = client.get(reverse("payments_seller:statement_csv", args=[org.public_id]), params)
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    return response, list(csv.reader(io.StringIO(body)))


def test_the_page_lists_payouts_with_hold_reasons(market):
    ready(market.budi, market.budi_owner)
    SellerOrganisation.objects.filter(pk=market.budi.pk).update(payout_hold_until=timezone.now() + timedelta(hours=3))
    fund(market.budi, 80_000)
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    page = client_in("en", market.budi_owner).get(reverse("payments_seller:balance", args=[market.budi.public_id]))
    html = page.content.decode()
    assert page.status_code == 200 and f'id="payout-{payout.public_id}"' in html
    assert "Rp80.000" in html and "Held" in html and "changed in the last 24 hours" in html
    assert 'id="statement-form"' in html and 'id="in-transit"' not in html  # a held payout moved nothing


def test_the_page_shows_money_on_its_way(market, settings):
    settings.MIDTRANS_BASE_URL = "http://127.0.0.1:9"  # sending fails: the payout stays in transit
    ready(market.budi, market.budi_owner)
    fund(market.budi, 90_000)
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    from lapak.market.payments.services.payouts_disburse import payout_disburse

    payout = payout_disburse(payout=payout)
    page = client_in("en", market.budi_owner).get(reverse("payments_seller:balance", args=[market.budi.public_id]))
    html = page.content.decode()
    assert page.context["in_transit"] == 90_000 and page.context["balances"]["payable"] == 0
    assert "payment_gateway_unavailable" in html and "Failed, will be retried" in html


def test_the_statement_lists_the_payable_postings_with_the_balance_after(market, staff, settings):
    settings.MIDTRANS_BASE_URL = "http://127.0.0.1:9"
    ready(market.budi, market.budi_owner)
    fund(market.budi, 70_000, key="a")
    fund(market.budi, 30_000, key="b")
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    today = timezone.localdate().isoformat()
    for user in (market.budi_owner, staff):
        response, rows = _statement(client_in("en", user), market.budi, **{"from": today, "to": today})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert rows[0][0] == "Date" and len(rows) == 4
        assert [(r[2], r[3], r[5], r[6]) for r in rows[1:]] == [
            ("test", market.budi.public_id, "70000", "70000"), ("test", market.budi.public_id, "30000", "100000"),
            ("payout", payout.public_id, "-100000", "0")]
    # Another day has nothing; a range the wrong way round is refused.
    response, rows = _statement(client_in("en", market.budi_owner), market.budi, **{"from": "2020-01-01",
                                                                                   "to": "2020-01-31"})
    assert response.status_code == 200 and len(rows) == 1
    response, _rows = _statement(client_in("en", market.budi_owner), market.budi, **{"from": today,
                                                                                   "to": "2020-01-01"})
    assert response.status_code == 400


def test_other_shops_and_strangers_get_404(market, make_user):
    fund(market.budi, 70_000)
    assert _statement(client_in("en", market.sari_owner), market.budi)[0].status_code == 404
    assert _statement(client_in("en", make_user(email="orang@example.test")), market.budi)[0].status_code == 404
    anonymous = client_in("en").get(reverse("payments_seller:statement_csv", args=[market.budi.public_id]))
    assert anonymous.status_code == 302


def test_the_seller_centre_links_each_verified_shop_to_its_balance(market):
    page = client_in("en", market.budi_owner).get(reverse("sellers:centre"))
    assert reverse("payments_seller:balance", args=[market.budi.public_id]) in page.content.decode()
