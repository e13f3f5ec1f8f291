"""The shop's return desk: the list by status with counts, the detail with lines, reason, photos, refund and
answer-by, accept (goods back, or refund at once), refuse with a required reason shown inline, confirm the
parcel arrived; staff only look, other shops and strangers get 404; the return reads well on the order's
timeline; photos are served to the buyer, the shop and operators only."""

from __future__ import annotations

import pytest
from django.test import Client

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


def _desk(market, ret=None, action=""):
    base = f"/seller/orders/{market.budi.public_id}/returns/"
    return base if ret is None else f"{base}{ret.public_id}/{action}"


def test_the_list_counts_returns_per_status_and_shows_only_the_shops(delivered, buyer, market):
    mine = open_return(delivered.budi, buyer)
    theirs = open_return(delivered.sari, buyer)
    html = client_in("id", market.budi_owner).get(_desk(market)).content.decode()
    assert '<html lang="id">' in html and f'id="ret-{mine.public_id}"' in html and theirs.public_id not in html
    assert 'id="tab-requested"' in html and 'aria-current="page"' in html
    withdrawn = client_in("en", market.budi_owner).get(_desk(market) + "?status=withdrawn").content.decode()
    assert mine.public_id not in withdrawn and 'id="no-returns"' in withdrawn
    bogus = client_in("en", market.budi_owner).get(_desk(market) + "?status=<script>")
    assert bogus.status_code == 200 and mine.public_id in bogus.content.decode()
    desk = client_in("en", market.budi_owner).get(f"/seller/orders/{market.budi.public_id}/").content.decode()
    assert 'id="tab-returns"' in desk and 'Waiting for your answer">1</span>' in desk


def test_the_detail_shows_what_the_buyer_returns(delivered, buyer, market, jpeg):
    ret = open_return(delivered.budi, buyer, photos=[jpeg])
    html = client_in("en", market.budi_owner).get(_desk(market, ret)).content.decode()
    assert "KAOS-M-MERAH" in html and "Arrived damaged" in html and "Robek di jahitan" in html
    assert "Answer by" in html and 'id="return-refund"' in html
    assert f"/orders/return-photos/{ret.photos.get().public_id}/" in html
    assert 'id="accept-return-form"' in html and 'id="refuse-return-form"' in html and 'id="read-only"' not in html
    order_page = client_in("en", market.budi_owner).get(
        f"/seller/orders/{market.budi.public_id}/{delivered.budi.public_id}/").content.decode()
    assert 'id="so-returns"' in order_page and "Return requested" in order_page  # the desk's timeline


def test_accepting_with_the_goods_back_then_confirming_they_arrived(delivered, buyer, market):
    ret = open_return(delivered.budi, buyer)
    client = client_in("en", market.budi_owner)
    response = client.post(_desk(market, ret, "accept/"), {"goods": "back"})
    assert response.status_code == 302 and refresh(ret).status == "accepted" and refresh(ret).goods_back
    assert 'id="received-form"' not in client.get(_desk(market, ret)).content.decode()  # not shipped yet
    early = client.post(_desk(market, ret, "received/"))
    assert early.status_code == 409 and refresh(ret).status == "accepted"
    from lapak.market.orders.returns.shipping import return_ship_back

    return_ship_back(return_request=refresh(ret), buyer=buyer)
    assert 'id="received-form"' in client.get(_desk(market, ret)).content.decode()
    done = client.post(_desk(market, ret, "received/"))
    assert done.status_code == 302 and refresh(ret).status == "refund_requested"
    assert RefundRequest.objects.get(return_request=ret).amount == ret.refund_amount


def test_accepting_without_the_goods_requests_the_refund_at_once(delivered, buyer, market):
    ret = open_return(delivered.budi, buyer)
    response = client_in("en", market.budi_owner).post(_desk(market, ret, "accept/"), {"goods": "keep"})
    assert response.status_code == 302 and refresh(ret).status == "refund_requested"
    assert not refresh(ret).goods_back and RefundRequest.objects.filter(return_request=ret).count() == 1


def test_a_bad_choice_of_goods_is_shown_inline(delivered, buyer, market):
    ret = open_return(delivered.budi, buyer)
    response = client_in("en", market.budi_owner).post(_desk(market, ret, "accept/"), {"goods": "maybe"})
    assert response.status_code == 422 and 'id="id_goods_error"' in response.content.decode()
    assert refresh(ret).status == "requested"


def test_refusing_needs_a_reason_shown_inline(delivered, buyer, market):
    ret = open_return(delivered.budi, buyer)
    client = client_in("en", market.budi_owner)
    for reason in ("", "   "):
        response = client.post(_desk(market, ret, "refuse/"), {"reason": reason})
        html = response.content.decode()
        assert response.status_code == 422 and 'id="id_reason_error"' in html and "Say why you refuse" in html
    assert client.post(_desk(market, ret, "refuse/"), {"reason": "x" * 301}).status_code == 422
    assert refresh(ret).status == "requested"
    response = client.post(_desk(market, ret, "refuse/"), {"reason": "Sudah dipakai"})
    assert response.status_code == 302
    fresh = refresh(ret)
    assert fresh.status == "refused" and fresh.refusal_reason == "Sudah dipakai"
    again = client.post(_desk(market, ret, "accept/"), {"goods": "back"})  # moved on: said, not a 500
    assert again.status_code == 409 and refresh(ret).status == "refused"
    buyer_page = client_in("en", buyer).get(f"/orders/{delivered.order.public_id}/").content.decode()
    assert "The seller refused the return" in buyer_page and "Sudah dipakai" in buyer_page


def test_staff_look_but_do_not_act(delivered, buyer, market, staff):
    ret = open_return(delivered.budi, buyer)
    client = client_in("en", staff)
    html = client.get(_desk(market, ret)).content.decode()
    assert 'id="read-only"' in html and 'id="accept-return-form"' not in html
    assert client.get(_desk(market)).status_code == 200
    assert client.post(_desk(market, ret, "accept/"), {"goods": "back"}).status_code == 403
    assert client.post(_desk(market, ret, "refuse/"), {"reason": "x"}).status_code == 403
    assert client.post(_desk(market, ret, "received/")).status_code == 403
    assert refresh(ret).status == "requested"


def test_other_shops_buyers_operators_and_strangers_get_404(delivered, buyer, market, operator):
    ret = open_return(delivered.budi, buyer)
    sari_ret = open_return(delivered.sari, buyer)
    for user in (market.sari_owner, buyer, operator):
        client = client_in("en", user)
        assert client.get(_desk(market)).status_code == 404
        assert client.get(_desk(market, ret)).status_code == 404
        assert client.post(_desk(market, ret, "accept/"), {"goods": "keep"}).status_code == 404
    # Toko Sari's return through Toko Budi's desk: not found either.
    owner = client_in("en", market.budi_owner)
    assert owner.get(f"{_desk(market)}{sari_ret.public_id}/").status_code == 404
    assert owner.post(f"{_desk(market)}{sari_ret.public_id}/refuse/", {"reason": "x"}).status_code == 404
    assert Client().get(_desk(market, ret)).status_code == 302  # anonymous: sign in first
    assert refresh(ret).status == "requested" and refresh(sari_ret).status == "requested"


def test_photos_are_served_only_to_the_buyer_the_shop_and_operators(delivered, buyer, other_buyer, market, staff,
                                                                   operator, jpeg, make_user):
    ret = open_return(delivered.budi, buyer, photos=[jpeg])
    url = f"/orders/return-photos/{ret.photos.get().public_id}/"
    for user in (buyer, market.budi_owner, staff, operator):
        response = client_in("en", user).get(url)
        body = b"".join(response.streaming_content)
        assert response.status_code == 200 and body.startswith(b"\xff\xd8") and response["Content-Type"] == (
            "image/jpeg")
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    regulator = make_user(email="reg.returns@example.test", roles=["regulator"], jurisdiction="ID")
    for user in (other_buyer, market.sari_owner, regulator):
        assert client_in("en", user).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    assert client_in("en", buyer).get("/orders/return-photos/rph_nope/").status_code == 404
    assert client_in("en", buyer).post(url).status_code == 405
