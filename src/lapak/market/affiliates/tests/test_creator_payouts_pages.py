"""The creator's payout page: the account masked, set with errors inline, creators only."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.market.affiliates.models_payouts import CreatorPayoutAccount
from lapak.market.affiliates.tests.payouts_support import creator_fixture  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("lapak.market.affiliates.tests.urls_with_invites")]
PAGE = "/studio/payout-account/"
FORM = {"bank_code": "bca", "account_number": "7766554433", "holder_name": "Rizky Pratama"}


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_creator_sets_the_account_and_sees_it_masked_with_the_hold(creator):
    client = client_of(creator)
    assert "no payout account yet" in client.get(PAGE).content.decode()
    bad = client.post(PAGE, {**FORM, "account_number": "12ab"})
    assert bad.status_code == 422 and "6 to 20 digits" in bad.content.decode()
    assert "field--invalid" in bad.content.decode() and not CreatorPayoutAccount.objects.exists()
    assert client.post(PAGE, FORM).status_code == 302
    page = client.get(PAGE).content.decode()
    assert "BCA" in page and "4433" in page and "7766554433" not in page and 'id="account-hold"' in page


def test_others_are_refused_and_anonymous_sent_to_sign_in(make_user):
    buyer = client_of(make_user(email="buyer@example.test"))
    assert buyer.post(PAGE, FORM).status_code == 403
    assert not CreatorPayoutAccount.objects.exists()
    assert Client().get(PAGE).status_code == 302
