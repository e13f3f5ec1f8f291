"""The operators' payouts page (/operations/payments/payouts/): held payouts with their reasons and when a
24-hour account-change hold lifts by itself, failed ones with the gateway's error and a "send again now" that
pays through the gateway once; operators only, never on their own shop, no 500 on a bad query string."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.core.audit.models import AuditEvent
from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.ledger.checks import ledger_check
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.services.payouts import payout_create
from lapak.market.payments.services.payouts_disburse import payout_disburse
from lapak.market.payments.tests.payout_support import fund, in_transit, ready
from lapak.market.payments.tests.test_sandbox_integration import sandbox  # noqa: F401  (a fixture)
from lapak.market.sellers.models import SellerOrganisation

pytestmark = pytest.mark.django_db
LIST = "/operations/payments/payouts/"
DEAD = "http://127.0.0.1:9"  # nothing listens: the gateway is unreachable


@pytest.fixture
def operator(make_user):
    return make_user(email="ops@example.test", roles=["operator"])


def _held(market) -> Payout:
    ready(market.budi, market.budi_owner)
    SellerOrganisation.objects.filter(pk=market.budi.pk).update(payout_hold_until=timezone.now() + timedelta(hours=3))
    fund(market.budi, 80_000)
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    assert payout.status == "held"
    return payout


def _failed(market, settings) -> Payout:
    good, settings.MIDTRANS_BASE_URL = settings.MIDTRANS_BASE_URL, DEAD
    ready(market.budi, market.budi_owner)
    fund(market.budi, 90_000)
    payout = payout_disburse(payout=payout_create(organisation=market.budi, batch_date=timezone.localdate()))
    settings.MIDTRANS_BASE_URL = good
    assert payout.status == "failed" and payout.attempts == 1
    return payout


def test_only_operators_see_the_page(market, buyer, operator):
    anonymous = Client().get(LIST)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for outsider in (buyer, market.budi_owner):
        assert client_in("en", outsider).get(LIST).status_code == 403
        assert client_in("en", outsider).post(f"{LIST}pyo_x/retry/").status_code == 403
    assert client_in("en", operator).get(LIST).status_code == 200
    assert client_in("en", operator).post(f"{LIST}pyo_nope/retry/").status_code == 404
    assert client_in("en", operator).get(f"{LIST}pyo_nope/retry/").status_code == 405


def test_held_payouts_show_why_and_when_the_account_hold_lifts(market, operator):
    payout = _held(market)
    html = client_in("en", operator).get(LIST).content.decode()
    assert f'id="payout-{payout.public_id}"' in html and "Rp80.000" in html
    assert "The payout account changed in the last 24 hours." in html and 'class="hold-lifts"' in html
    assert 'class="retry-form"' not in html  # no one lifts a hold by hand
    failed_tab = client_in("en", operator).get(LIST, {"state": "failed"}).content.decode()
    assert f'id="payout-{payout.public_id}"' not in failed_tab


def test_a_failed_payout_is_sent_again_now_and_paid_once(sandbox, market, operator, settings):  # noqa: F811
    payout = _failed(market, settings)
    client = client_in("en", operator)
    html = client.get(LIST, {"state": "failed"}).content.decode()
    assert f'id="payout-{payout.public_id}"' in html and "payment_gateway_unavailable" in html
    response = client.post(f"{LIST}{payout.public_id}/retry/")
    assert response.status_code == 302 and response["Location"] == f"{LIST}?state=failed"
    payout = Payout.objects.get(pk=payout.pk)
    assert (payout.status, payout.attempts) == ("paid", 2) and in_transit(market.budi) == 0
    assert AuditEvent.objects.filter(action="payout.retry_requested", actor=operator.public_id).count() == 1
    client.post(f"{LIST}{payout.public_id}/retry/")  # paid: nothing happens again
    assert Payout.objects.get(pk=payout.pk).attempts == 2 and ledger_check() == []


def test_sending_again_while_the_gateway_is_still_down_records_the_attempt(market, operator, settings):
    payout = _failed(market, settings)
    settings.MIDTRANS_BASE_URL = DEAD
    client_in("en", operator).post(f"{LIST}{payout.public_id}/retry/")
    payout = Payout.objects.get(pk=payout.pk)
    assert (payout.status, payout.attempts) == ("failed", 2) and in_transit(market.budi) == 90_000


def test_a_held_payout_cannot_be_sent_and_a_shop_member_cannot_act(market, operator, make_user):
    held = _held(market)
    response = client_in("en", operator).post(f"{LIST}{held.public_id}/retry/")
    assert response.status_code == 302 and Payout.objects.get(pk=held.pk).status == "held"
    assert not AuditEvent.objects.filter(action="payout.retry_requested").exists()
    from lapak.accounts.services import role_grant

    role_grant(user=market.budi_owner, role="operator")
    assert client_in("en", market.budi_owner).post(f"{LIST}{held.public_id}/retry/").status_code == 403


@pytest.mark.parametrize("query", ["?state=nope", "?page=x", "?page=0", "?page=100000", "?state=held&page=-5"])
def test_malformed_query_strings_never_fail(market, operator, query):
    _held(market)
    assert client_in("en", operator).get(LIST + query).status_code == 200


def test_the_retry_needs_the_csrf_token(market, operator, settings):
    payout = _failed(market, settings)
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    assert client.post(f"{LIST}{payout.public_id}/retry/").status_code == 403
    assert Payout.objects.get(pk=payout.pk).attempts == 1
