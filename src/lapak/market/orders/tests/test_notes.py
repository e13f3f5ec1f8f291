"""Notes on a seller order's timeline: from the buyer or the shop, read by both, e-mailed to the other side,
bounded in length and number, never on an unpaid order, nobody else's to write."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.models import OrderEvent, SellerOrder
from lapak.market.orders.services import order_mark_paid, seller_order_note_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(place, cart, market):
    order = place()
    order_mark_paid(order=order, payment_reference="pay-notes")
    return SellerOrder.objects.select_related("order", "seller").get(order=order, seller=market.budi)


def _notes(so) -> list[tuple[str, str]]:
    return list(OrderEvent.objects.filter(seller_order=so, kind="note").order_by("pk").values_list(
        "data__actor_kind", "data__text"))


def test_both_sides_write_and_the_other_is_told(paid, buyer, market, mailoutbox,
                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seller_order_note_add(seller_order=paid, actor=buyer, actor_kind="buyer", text="  Titip ke satpam ya  ")
    with django_capture_on_commit_callbacks(execute=True):
        seller_order_note_add(seller_order=paid, actor=market.budi_owner, actor_kind="seller", text="Siap, kak")
    assert _notes(paid) == [("buyer", "Titip ke satpam ya"), ("seller", "Siap, kak")]
    told = {tuple(m.to) for m in mailoutbox}
    assert (market.budi_owner.email,) in told and (buyer.email,) in told
    assert not any(m.to == [buyer.email] and "Titip" in m.body for m in mailoutbox)  # nobody is told their own


def test_bad_notes_are_refused_and_nothing_is_written(paid, buyer, other_buyer, place, market, settings):
    for text in ("", "   ", "x" * 501, "a\x00b", None):
        with pytest.raises(ValidationFailed) as caught:
            seller_order_note_add(seller_order=paid, actor=buyer, actor_kind="buyer", text=text)
        assert "text" in caught.value.fields
    with pytest.raises(OrderNotFound):
        seller_order_note_add(seller_order=paid, actor=other_buyer, actor_kind="buyer", text="Halo")
    with pytest.raises(ValueError):
        seller_order_note_add(seller_order=paid, actor=None, actor_kind="system", text="Halo")
    assert _notes(paid) == []


def test_no_notes_on_an_unpaid_order_and_at_most_twenty_a_day(place, cart, market, buyer):
    from lapak.market.orders.services.notes import NOTES_PER_DAY

    order = place(key="unpaid")
    so = SellerOrder.objects.select_related("order").get(order=order, seller=market.budi)
    with pytest.raises(ValidationFailed):
        seller_order_note_add(seller_order=so, actor=buyer, actor_kind="buyer", text="Halo")
    order_mark_paid(order=order, payment_reference="pay-many")
    for n in range(NOTES_PER_DAY):
        seller_order_note_add(seller_order=so, actor=buyer, actor_kind="buyer", text=f"Catatan {n}")
    with pytest.raises(ValidationFailed):
        seller_order_note_add(seller_order=so, actor=buyer, actor_kind="buyer", text="Satu lagi")
    # The shop's own allowance is separate.
    seller_order_note_add(seller_order=so, actor=market.budi_owner, actor_kind="seller", text="Baik")


def test_pages_show_and_take_notes_with_inline_errors(paid, buyer, market):
    order_url = f"/orders/{paid.order.public_id}/"
    note_url = f"{order_url}seller-orders/{paid.public_id}/note/"
    page = client_in("en", buyer).post(note_url, {"text": ""})
    assert page.status_code == 422 and "Write the note." in page.content.decode()
    assert client_in("en", buyer).post(note_url, {"text": "Rumah pagar hijau"}).status_code == 302
    assert "Rumah pagar hijau" in client_in("en", buyer).get(order_url).content.decode()
    desk = f"/seller/orders/{market.budi.public_id}/{paid.public_id}/"
    owner = client_in("en", market.budi_owner)
    assert "Rumah pagar hijau" in owner.get(desk).content.decode()
    assert owner.post(desk + "note/", {"text": "x" * 501}).status_code == 422
    assert owner.post(desk + "note/", {"text": "Sudah dikemas"}).status_code == 302
    assert "Sudah dikemas" in client_in("en", buyer).get(order_url).content.decode()
    stranger = client_in("en", market.sari_owner)
    assert stranger.post(desk + "note/", {"text": "Halo"}).status_code == 404
    assert Client().post(note_url, {"text": "Halo"}).status_code == 302  # to sign in
    assert _notes(paid) == [("buyer", "Rumah pagar hijau"), ("seller", "Sudah dikemas")]
