"""Forms whose service can lose a race show the Conflict inline (review of issue 8), never a server error. The
competing writer is injected at the chosen point: between the service's read under lock and its insert."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.market.affiliates import services_payouts
from lapak.market.affiliates.models import AffiliateOffer
from lapak.market.affiliates.models_payouts import CreatorPayoutAccount, creator_account_context
from lapak.market.affiliates.tests.offers_support import *  # noqa: F403

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_a_payout_account_change_that_loses_the_race_is_shown_inline(make_user, monkeypatch):
    creator = make_user(email="rizky@example.test", roles=["creator"])
    sealed = services_payouts.encrypt_text

    def rival_first(number: str, *, context: str) -> str:
        # Another request of the same creator commits its current account after our lock, before our insert.
        rival = CreatorPayoutAccount(creator=creator.public_id, bank_code="BNI", holder_name="Rizky",
                                     number_masked="••••0000", number_hash="rival")
        rival.number_encrypted = sealed("9990000000", context=creator_account_context(rival))
        rival.save()
        return sealed(number, context=context)

    monkeypatch.setattr(services_payouts, "encrypt_text", rival_first)
    response = client_of(creator).post("/studio/payout-account/", {
        "bank_code": "BCA", "account_number": "1234567890", "holder_name": "Rizky Pratama"})
    assert response.status_code == 422
    assert "changed at the same moment" in response.content.decode()
    assert not CreatorPayoutAccount.objects.exists()  # nothing half-stored: the losing change rolled back


def test_an_offer_that_loses_the_race_twice_is_shown_inline(aworld, monkeypatch):
    w = aworld
    create = AffiliateOffer.objects.create

    def rival_first(**fields):
        # A concurrent first offer on the product lands between the locked read and our insert (each attempt).
        AffiliateOffer(seller=fields["seller"], product=fields["product"], rate_bps=900).save()
        return create(**fields)

    monkeypatch.setattr(AffiliateOffer.objects, "create", rival_first)
    response = client_of(w.users["manager_a"]).post(f"/seller/affiliates/{w.shop.public_id}/",
                                                     {"product": w.live.public_id, "rate": "7,5"})
    assert response.status_code == 422
    assert "The offer changed at the same moment" in response.content.decode()
    assert not AffiliateOffer.objects.exists()
