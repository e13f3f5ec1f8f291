"""The seller centre's affiliate pages: members see them, owners and managers change them, errors inline."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.market.affiliates.models import AffiliateInvite, AffiliateOffer
from lapak.market.affiliates.services_invites import invite_send
from lapak.market.affiliates.services_offers import offer_set
from lapak.market.affiliates.tests.offers_support import *  # noqa: F403


def client_of(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language, enforce_csrf_checks=False)
    client.force_login(user)
    return client


def offers(w) -> str:
    return f"/seller/affiliates/{w.shop.public_id}/"


def invites(w) -> str:
    return f"/seller/affiliates/{w.shop.public_id}/invites/"


def test_a_manager_opens_a_product_changes_the_rate_inline_and_switches_it_off(aworld):
    w = aworld
    client = client_of(w.users["manager_a"])
    response = client.post(offers(w), {"product": w.live.public_id, "rate": "7,5"})
    assert response.status_code == 302
    assert AffiliateOffer.objects.get().rate_bps == 750
    page = client.get(offers(w)).content.decode()
    assert w.live.title in page and 'value="7.5"' in page
    rate_url = f"/seller/affiliates/{w.shop.public_id}/offers/{w.live.public_id}/rate/"
    assert client.post(rate_url, {"rate": "12"}).status_code == 302
    assert AffiliateOffer.objects.get().rate_bps == 1_200
    bad = client.post(rate_url, {"rate": "70"})
    assert bad.status_code == 422 and "1 % to 50 %" in bad.content.decode()
    assert client.post(f"/seller/affiliates/{w.shop.public_id}/offers/{w.live.public_id}/switch/").status_code == 302
    assert AffiliateOffer.objects.get().active is False


@pytest.mark.parametrize(("rate", "message"), [("abc", "Enter a percentage"), ("12.555", "Enter a percentage"),
                                               ("0,5", "1 % to 50 %"), ("51", "1 % to 50 %")])
def test_bad_rates_are_shown_inline(aworld, rate, message):
    response = client_of(aworld.owner).post(offers(aworld), {"product": aworld.live.public_id, "rate": rate})
    body = response.content.decode()
    assert response.status_code == 422 and message in body and "field--invalid" in body
    assert not AffiliateOffer.objects.exists()


def test_a_product_not_on_sale_cannot_be_chosen(aworld):
    draft = aworld.product("draft")
    response = client_of(aworld.owner).post(offers(aworld), {"product": draft.public_id, "rate": "5"})
    assert response.status_code == 422 and not AffiliateOffer.objects.exists()


def test_staff_see_but_cannot_change_and_outsiders_get_404(aworld):
    w = aworld
    offer_set(actor=w.owner, seller=w.shop, product=w.live, rate_bps=500)
    staff = client_of(w.users["staff_a"])
    page = staff.get(offers(w))
    assert page.status_code == 200 and w.live.title in page.content.decode()
    assert 'id="offer-form"' not in page.content.decode()
    assert staff.post(offers(w), {"product": w.live.public_id, "rate": "9"}).status_code == 403
    assert AffiliateOffer.objects.get().rate_bps == 500
    assert client_of(w.users["owner_b"]).get(offers(w)).status_code == 404
    assert client_of(w.users["owner_b"]).get(invites(w)).status_code == 404
    assert Client().get(offers(w)).status_code == 302  # to sign in


def test_the_owner_invites_by_e_mail_sees_errors_inline_and_withdraws(aworld):
    w = aworld
    offer_set(actor=w.owner, seller=w.shop, product=w.live, rate_bps=1_000)
    client = client_of(w.owner)
    form = {"creator": "creator@example.test", "product": w.live.public_id, "rate": "10", "message": "Halo"}
    low = client.post(invites(w), form)
    assert low.status_code == 422 and "more than the open rate" in low.content.decode()
    unknown = client.post(invites(w), {**form, "creator": "nobody@example.test", "rate": "15"})
    assert unknown.status_code == 422 and "No creator has this" in unknown.content.decode()
    assert client.post(invites(w), {**form, "rate": "15"}).status_code == 302
    again = client.post(invites(w), {**form, "rate": "20"})
    assert again.status_code == 422 and "already has an open invitation" in again.content.decode()
    invite = AffiliateInvite.objects.get()
    listed = client.get(invites(w)).content.decode()
    assert invite.public_id in listed and "15 %" in listed
    assert client.post(f"{invites(w)}{invite.public_id}/withdraw/").status_code == 302
    assert AffiliateInvite.objects.get().status == "revoked"


def test_the_pages_speak_indonesian_by_default(aworld):
    w = aworld
    invite_send(actor=w.owner, seller=w.shop, product=w.live, creator=w.users["creator"].public_id, rate_bps=900)
    client = Client()
    client.force_login(w.owner)
    assert client.get(invites(w)).status_code == 200
    assert client.get(offers(w)).status_code == 200


def test_forms_carry_csrf_tokens(aworld):
    client = Client(enforce_csrf_checks=True)
    client.force_login(aworld.owner)
    assert "csrfmiddlewaretoken" in client.get(offers(aworld)).content.decode()
    assert client.post(offers(aworld), {"product": aworld.live.public_id, "rate": "5"}).status_code == 403
    assert not AffiliateOffer.objects.exists()
