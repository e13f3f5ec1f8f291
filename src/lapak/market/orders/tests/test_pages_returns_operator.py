"""The operators' returns desk: disputed returns oldest first with their waiting time, other statuses on request,
the detail with the whole seller order, timeline, photos, the seller's refusal and the buyer's note, and the
decision (accept with or without the goods back, or reject) that always needs a note; operators only, and never
on a case they are part of."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.models import RefundRequest
from lapak.market.orders.tests.returns_pages_support import (
    delivered,
    jpeg,
    open_return,
    operator,
    paid,
    refresh,
    staff,
)

pytestmark = pytest.mark.django_db
__all__ = ["delivered", "jpeg", "operator", "paid", "staff"]  # fixtures
QUEUE = "/operations/returns/"


def _disputed(so, buyer, owner, *, photos=()):
    from lapak.market.orders.returns.services import return_answer, return_dispute

    ret = open_return(so, buyer, photos=photos)
    return_answer(return_request=ret, seller_actor=owner, accept=False, reason="Sudah dipakai")
    return return_dispute(return_request=refresh(ret), buyer=buyer, note="Belum pernah dipakai")


def _age(ret, hours):
    """Pretend the return was disputed `hours` ago."""
    from lapak.market.orders.models import OrderEvent

    then = timezone.now() - timedelta(hours=hours)
    OrderEvent.objects.filter(kind="return", data__return=ret.public_id, to_status="disputed").update(at=then)


def test_the_queue_lists_disputes_oldest_first_with_their_waiting_time(delivered, buyer, market, operator):
    newer = _disputed(delivered.budi, buyer, market.budi_owner)
    older = _disputed(delivered.sari, buyer, market.sari_owner)
    _age(older, 50)
    from lapak.market.orders.models import ReturnRequest

    ReturnRequest.objects.filter(pk=older.pk).update(requested_at=timezone.now() - timedelta(days=3))
    html = client_in("en", operator).get(QUEUE).content.decode()
    assert html.index(f'id="ret-{older.public_id}"') < html.index(f'id="ret-{newer.public_id}"')
    assert "row--sla-breach" in html and "overdue" in html and 'id="tab-disputed"' in html
    requested = client_in("en", operator).get(QUEUE + "?status=requested").content.decode()
    assert 'id="no-returns"' in requested and older.public_id not in requested
    bogus = client_in("en", operator).get(QUEUE + "?status=<x>&page=zz")
    assert bogus.status_code == 200 and older.public_id in bogus.content.decode()


def test_the_detail_shows_the_whole_case(delivered, buyer, market, operator, jpeg):
    ret = _disputed(delivered.budi, buyer, market.budi_owner, photos=[jpeg])
    html = client_in("id", operator).get(f"{QUEUE}{ret.public_id}/").content.decode()
    assert '<html lang="id">' in html and "Sudah dipakai" in html and "Belum pernah dipakai" in html
    assert "KAOS-M-MERAH" in html and 'id="order-lines"' in html and 'id="order-timeline"' in html
    assert f"/orders/return-photos/{ret.photos.get().public_id}/" in html and 'id="decide-form"' in html


@pytest.mark.parametrize(("outcome", "status", "goods_back", "refunded"), [
    ("accept_back", "accepted", True, False),
    ("accept_keep", "refund_requested", False, True),
    ("reject", "rejected", True, False),
])
def test_the_operator_decides_with_a_note(delivered, buyer, market, operator, outcome, status, goods_back,
                                          refunded):
    ret = _disputed(delivered.budi, buyer, market.budi_owner)
    client = client_in("en", operator)
    response = client.post(f"{QUEUE}{ret.public_id}/decide/", {"outcome": outcome, "note": "Foto jelas"})
    assert response.status_code == 302
    fresh = refresh(ret)
    assert fresh.status == status and fresh.goods_back is goods_back and fresh.decision_note == "Foto jelas"
    assert RefundRequest.objects.filter(return_request=ret).exists() is refunded
    buyer_page = client_in("en", buyer).get(f"/orders/{delivered.order.public_id}/").content.decode()
    assert "Foto jelas" in buyer_page and "Lapak decided" in buyer_page
    again = client.post(f"{QUEUE}{ret.public_id}/decide/", {"outcome": "reject", "note": "x"})
    assert again.status_code == 409 and refresh(ret).status == status


@pytest.mark.parametrize("data", [{"outcome": "reject", "note": ""}, {"outcome": "reject", "note": "  "},
                                  {"outcome": "maybe", "note": "x"}, {"note": "x"},
                                  {"outcome": "reject", "note": "x" * 1001}])
def test_a_decision_without_a_note_or_outcome_is_shown_inline(delivered, buyer, market, operator, data):
    ret = _disputed(delivered.budi, buyer, market.budi_owner)
    response = client_in("en", operator).post(f"{QUEUE}{ret.public_id}/decide/", data)
    html = response.content.decode()
    assert response.status_code == 422 and ('id="id_note_error"' in html or 'id="id_outcome_error"' in html)
    assert refresh(ret).status == "disputed"


def test_only_operators_and_never_on_their_own_case(delivered, buyer, market, operator, make_user):
    ret = _disputed(delivered.budi, buyer, market.budi_owner)
    for user in (buyer, market.budi_owner):
        client = client_in("en", user)
        assert client.get(QUEUE).status_code == 403
        assert client.get(f"{QUEUE}{ret.public_id}/").status_code == 403
        assert client.post(f"{QUEUE}{ret.public_id}/decide/", {"outcome": "reject", "note": "x"}).status_code == 403
    anonymous = Client().get(QUEUE)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_in("en", operator).get(f"{QUEUE}ret_nope/").status_code == 404
    from lapak.market.sellers.services import member_add

    member_add(organisation=market.budi, actor=market.budi_owner, user=operator, role="staff")
    client = client_in("en", operator)
    assert 'id="involved"' in client.get(f"{QUEUE}{ret.public_id}/").content.decode()
    assert client.post(f"{QUEUE}{ret.public_id}/decide/", {"outcome": "reject", "note": "x"}).status_code == 403
    assert refresh(ret).status == "disputed"


def test_the_decision_needs_the_csrf_token(delivered, buyer, market, operator):
    ret = _disputed(delivered.budi, buyer, market.budi_owner)
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    assert client.post(f"{QUEUE}{ret.public_id}/decide/", {"outcome": "reject", "note": "x"}).status_code == 403
    assert refresh(ret).status == "disputed"
