"""The creator's invitations page: only their own, accept or decline, others' 404."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.market.affiliates.models import AffiliateInvite
from lapak.market.affiliates.services_invites import invite_send
from lapak.market.affiliates.tests.offers_support import *  # noqa: F403

pytestmark = pytest.mark.urls("lapak.market.affiliates.tests.urls_with_invites")


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def _invite(w):
    return invite_send(actor=w.owner, seller=w.shop, product=w.live, creator=w.users["creator"].public_id,
                       rate_bps=1_250, message="<script>alert(1)</script>")


def test_the_creator_sees_and_accepts_their_invitation(aworld):
    w = aworld
    invite = _invite(w)
    client = client_of(w.users["creator"])
    page = client.get("/studio/invites/").content.decode()
    assert invite.public_id in page and "12.5 %" in page and w.shop.shop_name in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert client.post(f"/studio/invites/{invite.public_id}/accept/").status_code == 302
    assert AffiliateInvite.objects.get().status == "accepted"
    again = client.post(f"/studio/invites/{invite.public_id}/decline/", follow=True)
    assert "no longer open" in again.content.decode()
    assert AffiliateInvite.objects.get().status == "accepted"


def test_others_neither_see_nor_answer_it(aworld):
    w = aworld
    invite = _invite(w)
    other = client_of(w.users["creator2"])
    assert invite.public_id not in other.get("/studio/invites/").content.decode()
    assert other.post(f"/studio/invites/{invite.public_id}/decline/").status_code == 404
    assert client_of(w.owner).post(f"/studio/invites/{invite.public_id}/accept/").status_code == 404
    assert Client().get("/studio/invites/").status_code == 302
    assert AffiliateInvite.objects.get().status == "pending"
