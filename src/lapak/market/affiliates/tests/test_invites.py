"""Invitations: a shop invites a creator above the open rate; only that creator answers; the shop withdraws."""

from __future__ import annotations

import pytest
from django.core import mail

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lapak.core.outbox.delivery import outbox_deliver_due
from lapak.market.affiliates import handlers  # noqa: F401  (subscribes the invitation e-mail)
from lapak.market.affiliates.models import AffiliateInvite
from lapak.market.affiliates.selectors_offers import invite_of_creator
from lapak.market.affiliates.selectors_rates import commission_rate_for
from lapak.market.affiliates.services_invites import invite_accept, invite_decline, invite_send, invite_withdraw
from lapak.market.affiliates.services_offers import offer_set
from lapak.market.affiliates.tests.offers_support import *  # noqa: F403
from lapak.market.affiliates.tests.offers_support import A, call, error_of


def _send(w, creator=None, rate=1_500, actor=None, product=None):
    creator = w.users["creator"].public_id if creator is None else creator
    return invite_send(actor=actor or w.owner, seller=w.shop, product=product or w.live, creator=creator,
                       rate_bps=rate, message="Ayo kerja sama!")


def test_an_accepted_invitation_raises_the_creators_rate_and_only_theirs(aworld):
    w = aworld
    offer_set(actor=w.owner, seller=w.shop, product=w.live, rate_bps=1_000)
    invite = _send(w)
    creator, other = w.users["creator"], w.users["creator2"]
    assert commission_rate_for(product_id=w.live.pk, creator=creator.public_id) == 1_000  # pending: not yet
    invite = invite_accept(actor=creator, invite=invite_of_creator(creator=creator, public_id=invite.public_id))
    assert invite.status == "accepted" and invite.responded_at is not None
    assert commission_rate_for(product_id=w.live.pk, creator=creator.public_id) == 1_500
    assert commission_rate_for(product_id=w.live.pk, creator=other.public_id) == 1_000
    invite_withdraw(actor=w.users["manager_a"], invite=invite)
    assert commission_rate_for(product_id=w.live.pk, creator=creator.public_id) == 1_000
    actions = list(AuditEvent.objects.filter(subject_id=invite.public_id).order_by("pk").values_list("action",
                                                                                                       flat=True))
    assert actions == ["affiliates.invite.send", "affiliates.invite.accept", "affiliates.invite.withdraw"]


def test_a_creator_found_by_e_mail_is_stored_by_account_id(aworld):
    invite = _send(aworld, creator="  CREATOR@example.test ")
    assert invite.creator == aworld.users["creator"].public_id


@pytest.mark.parametrize("who", ["unknown@example.test", "usr_nobody", "", "buyer@example.test", "buyer-id"])
def test_someone_who_is_not_a_creator_is_a_field_error(aworld, who):
    who = aworld.users["buyer"].public_id if who == "buyer-id" else who
    with pytest.raises(ValidationFailed) as caught:
        _send(aworld, creator=who)
    assert set(caught.value.fields) == {"creator"}
    assert not AffiliateInvite.objects.exists()


def test_the_rate_must_be_strictly_above_the_open_rate(aworld):
    w = aworld
    offer_set(actor=w.owner, seller=w.shop, product=w.live, rate_bps=1_500)
    with pytest.raises(ValidationFailed) as caught:
        _send(w, rate=1_500)
    assert set(caught.value.fields) == {"rate_bps"}
    assert _send(w, rate=1_501).rate_bps == 1_501


def test_all_problems_are_reported_at_once(aworld):
    with pytest.raises(ValidationFailed) as caught:
        _send(aworld, creator="nobody@example.test", rate=9_000, product=aworld.product("draft"))
    assert set(caught.value.fields) == {"creator", "rate_bps", "product"}


def test_one_live_invitation_per_product_and_creator(aworld):
    w = aworld
    first = _send(w)
    with pytest.raises(Conflict) as caught:
        _send(w, rate=2_000)
    assert caught.value.code == "affiliate_invite_exists"
    invite_decline(actor=w.users["creator"], invite=first)
    assert _send(w, rate=2_000).status == "pending"  # a declined one no longer blocks a new one
    assert _send(w, creator=w.users["creator2"].public_id).status == "pending"


def test_staff_cannot_invite_or_withdraw(aworld):
    w = aworld
    with pytest.raises(PermissionDenied):
        _send(w, actor=w.users["staff_a"])
    invite = _send(w)
    with pytest.raises(PermissionDenied):
        invite_withdraw(actor=w.users["staff_a"], invite=invite)


def test_only_the_invited_creator_reaches_the_invitation(aworld):
    w = aworld
    invite = _send(w)
    for name in ("creator2", "owner_a", "buyer"):
        with pytest.raises(NotFound):
            invite_of_creator(creator=w.users[name], public_id=invite.public_id)
        response = call("POST", f"{A}/me/invites/{invite.public_id}/accept", w.headers[name])
        assert response.status_code == 404 and error_of(response)["code"] == "affiliate_invite_not_found"
    assert AffiliateInvite.objects.get().status == "pending"


def test_answers_and_withdrawals_follow_the_life_cycle(aworld):
    w = aworld
    invite = _send(w)
    declined = invite_decline(actor=w.users["creator"], invite=invite)
    assert invite_decline(actor=w.users["creator"], invite=declined).status == "declined"  # repeated: no change
    with pytest.raises(Conflict):
        invite_accept(actor=w.users["creator"], invite=declined)
    with pytest.raises(Conflict):
        invite_withdraw(actor=w.owner, invite=declined)
    pending = _send(w)
    withdrawn = invite_withdraw(actor=w.owner, invite=pending)
    with pytest.raises(Conflict):
        invite_accept(actor=w.users["creator"], invite=withdrawn)


def test_the_creator_is_e_mailed_once_in_their_language(aworld, django_capture_on_commit_callbacks):
    w = aworld
    creator = w.users["creator"]
    creator.language = "en"
    creator.save(update_fields=["language"])
    outbox_deliver_due()  # what the world's setup queued
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _send(w, rate=1_250)
    outbox_deliver_due()
    assert [m.to for m in mail.outbox] == [[creator.email]]
    assert "12.5 %" in mail.outbox[0].subject and "Ayo kerja sama!" in mail.outbox[0].body
    assert mail.outbox[0].extra_headers["Content-Language"] == "en"


def test_the_api_serves_shop_and_creator_sides(aworld):
    w = aworld
    org = w.shop.public_id
    body = {"product_id": w.live.public_id, "creator": "creator@example.test", "rate_bps": 1_000}
    sent = call("POST", f"{A}/seller/{org}/invites", w.headers["owner_a"], json_body=body)
    assert sent.status_code == 201, sent.content
    again = call("POST", f"{A}/seller/{org}/invites", w.headers["manager_a"], json_body=body)
    assert again.status_code == 409 and error_of(again)["code"] == "affiliate_invite_exists"
    unknown = call("POST", f"{A}/seller/{org}/invites", w.headers["owner_a"], json_body={**body, "creator": "x@y.z"})
    assert unknown.status_code == 422 and list(error_of(unknown)["fields"]) == ["creator"]
    mine = call("GET", f"{A}/me/invites", w.headers["creator"]).json()
    assert [i["id"] for i in mine] == [sent.json()["id"]] and mine[0]["shop_name"] == w.shop.shop_name
    assert call("GET", f"{A}/me/invites", w.headers["creator2"]).json() == []
    accepted = call("POST", f"{A}/me/invites/{sent.json()['id']}/accept", w.headers["creator"])
    assert accepted.json()["status"] == "accepted"
    withdrawn = call("POST", f"{A}/seller/{org}/invites/{sent.json()['id']}/withdraw", w.headers["owner_a"])
    assert withdrawn.json()["status"] == "revoked"
