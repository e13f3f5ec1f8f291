"""The buyer's return pages: the offer on the order page inside the window, the form with its inline errors
(no items, too many units, no reason, bad photo bytes), a closed window said in words, the request with photos
shown on the order page and its timeline, withdraw, "Ask Lapak to decide", sending the parcel back (booked, or
the receipt's number when the courier cannot be booked), other buyers' 404s and CSRF."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.models import ReturnRequest, SellerOrder
from lapak.market.orders.tests.returns_pages_support import delivered, jpeg, open_return, paid, refresh, staff

pytestmark = pytest.mark.django_db
__all__ = ["delivered", "jpeg", "paid", "staff"]  # fixtures


def _form_url(d, so):
    return f"/orders/{d.order.public_id}/seller-orders/{so.public_id}/return/"


def _ret_url(d, ret, action):
    return f"/orders/{d.order.public_id}/returns/{ret.public_id}/{action}/"


def _qty(so, market, n):
    variant = market.shirt if so.seller_id == market.budi.pk else market.batik
    return {f"qty_{variant.public_id}": str(n)}


def test_the_order_page_offers_a_return_with_its_deadline_only_inside_the_window(delivered, buyer):
    html = client_in("en", buyer).get(f"/orders/{delivered.order.public_id}/").content.decode()
    assert f'id="return-link-{delivered.budi.public_id}"' in html and "Possible until" in html
    assert "WIB" in html
    SellerOrder.objects.filter(pk=delivered.sari.pk).update(return_deadline=timezone.now() - timedelta(seconds=1))
    html = client_in("en", buyer).get(f"/orders/{delivered.order.public_id}/").content.decode()
    assert f'id="return-link-{delivered.sari.public_id}"' not in html


def test_nothing_is_offered_before_delivery(paid, buyer):
    html = client_in("en", buyer).get(f"/orders/{paid.order.public_id}/").content.decode()
    assert "return-link-" not in html and "Return items" not in html


def test_the_form_shows_each_line_the_reasons_and_the_deadline_in_indonesian(delivered, buyer):
    html = client_in("id", buyer).get(_form_url(delivered, delivered.budi)).content.decode()
    assert '<html lang="id">' in html and 'id="return-form"' in html and 'enctype="multipart/form-data"' in html
    assert "WIB" in html and 'name="reason"' in html and 'name="photos"' in html and "multiple" in html
    assert html.count('name="qty_') == 2  # shirt and tea


def test_a_request_with_a_photo_lands_on_the_order_page(delivered, buyer, market, jpeg):
    client = client_in("en", buyer)
    data = {**_qty(delivered.budi, market, 2), "reason": "damaged", "description": "Torn seam",
            "photos": [SimpleUploadedFile("a.jpg", jpeg, "image/jpeg"), SimpleUploadedFile("b.jpg", jpeg)]}
    response = client.post(_form_url(delivered, delivered.budi), data)
    ret = ReturnRequest.objects.get(seller_order=delivered.budi)
    assert response.status_code == 302 and response["Location"].endswith(f"#return-{ret.public_id}")
    assert ret.photos.count() == 2 and ret.lines.get().quantity == 2 and ret.status == "requested"
    html = client.get(response["Location"]).content.decode()
    assert f'id="return-{ret.public_id}"' in html and "Waiting for the seller" in html and "Arrived damaged" in html
    assert "Next step due" in html and f"/orders/return-photos/{ret.photos.first().public_id}/" in html
    assert "Return requested" in html and "2 × KAOS-M-MERAH" in html  # the timeline, in words
    assert f'id="withdraw-{ret.public_id}"' in html and f'id="return-link-{delivered.budi.public_id}"' not in html


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "form-errors", "Choose at least one item to return."),
    ({"qty": "3"}, "qty", "Choose from 0 to 2."),
    ({"qty": "-1"}, "qty", "Choose from 0 to 2."),
    ({"qty": "zwei"}, "qty", "Enter a whole number."),
    ({"qty": "1", "reason": ""}, "reason", "Choose a reason."),
    ({"qty": "1", "reason": "bogus<b>"}, "reason", "Choose a reason."),
    ({"qty": "1", "reason": "not_as_described"}, "description", "Say why."),
])
def test_bad_input_is_shown_inline_and_nothing_is_written(delivered, buyer, market, data, field, message):
    post = {"reason": data.get("reason", "damaged")}
    if "qty" in data:
        post.update(_qty(delivered.budi, market, data["qty"]))
    response = client_in("en", buyer).post(_form_url(delivered, delivered.budi), post)
    html = response.content.decode()
    assert response.status_code == 422 and message in html and 'id="return-form"' in html
    if field == "qty":
        assert f'id="id_qty_{market.shirt.public_id}_error"' in html
    elif field != "form-errors":
        assert f'id="id_{field}_error"' in html
    assert not ReturnRequest.objects.exists()


def test_bytes_that_are_not_a_picture_are_refused_next_to_the_photos(delivered, buyer, market, jpeg):
    data = {**_qty(delivered.budi, market, 1), "reason": "damaged",
            "photos": [SimpleUploadedFile("ok.jpg", jpeg), SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>")]}
    response = client_in("en", buyer).post(_form_url(delivered, delivered.budi), data)
    html = response.content.decode()
    assert response.status_code == 422 and 'id="id_photos_error"' in html
    assert not ReturnRequest.objects.exists()


def test_six_photos_are_too_many(delivered, buyer, market, jpeg):
    data = {**_qty(delivered.budi, market, 1), "reason": "damaged",
            "photos": [SimpleUploadedFile(f"{i}.jpg", jpeg) for i in range(6)]}
    response = client_in("en", buyer).post(_form_url(delivered, delivered.budi), data)
    assert response.status_code == 422 and "at most 5 photos" in response.content.decode()


def test_a_closed_window_is_said_in_words(delivered, buyer, market):
    SellerOrder.objects.filter(pk=delivered.budi.pk).update(return_deadline=timezone.now() - timedelta(minutes=1))
    client = client_in("en", buyer)
    page = client.get(_form_url(delivered, delivered.budi))
    assert page.status_code == 200 and 'id="return-closed"' in page.content.decode()
    assert "has passed" in page.content.decode() and 'id="return-form"' not in page.content.decode()
    response = client.post(_form_url(delivered, delivered.budi), {**_qty(delivered.budi, market, 1),
                                                                  "reason": "damaged"})
    assert response.status_code == 409 and "has passed" in response.content.decode()
    assert not ReturnRequest.objects.exists()


def test_an_undelivered_part_has_no_return_form(paid, buyer, market):
    response = client_in("en", buyer).get(_form_url(paid, paid.budi))
    assert response.status_code == 200 and 'id="return-closed"' in response.content.decode()


def test_another_buyer_and_strangers_get_404(delivered, buyer, other_buyer, market):
    ret = open_return(delivered.budi, buyer)
    other = client_in("en", other_buyer)
    assert other.get(_form_url(delivered, delivered.budi)).status_code == 404
    assert other.post(_form_url(delivered, delivered.budi), {**_qty(delivered.budi, market, 1),
                                                            "reason": "damaged"}).status_code == 404
    for action in ("withdraw", "dispute", "ship-back"):
        assert other.post(_ret_url(delivered, ret, action)).status_code == 404
    assert client_in("en", buyer).get(f"/orders/{delivered.order.public_id}/seller-orders/so_nope/return/"
                                      ).status_code == 404
    assert refresh(ret).status == "requested"


def test_anonymous_visitors_are_sent_to_sign_in(delivered):
    response = Client().get(_form_url(delivered, delivered.budi))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_buyer_withdraws(delivered, buyer):
    ret = open_return(delivered.budi, buyer)
    client = client_in("en", buyer)
    response = client.post(_ret_url(delivered, ret, "withdraw"))
    assert response.status_code == 302 and refresh(ret).status == "withdrawn"
    html = client.get(response["Location"]).content.decode()
    assert "The buyer withdrew the return" in html and f'id="return-link-{delivered.budi.public_id}"' in html
    again = client.post(_ret_url(delivered, ret, "withdraw"))  # a second click: said in words, not a 500
    assert again.status_code == 409 and 'id="order-error"' in again.content.decode()


def test_a_refusal_can_be_taken_to_lapak_with_a_note(delivered, buyer, market):
    from lapak.market.orders.returns.services import return_answer

    ret = open_return(delivered.budi, buyer)
    return_answer(return_request=ret, seller_actor=market.budi_owner, accept=False, reason="Dipakai sudah")
    client = client_in("en", buyer)
    html = client.get(f"/orders/{delivered.order.public_id}/").content.decode()
    assert "Dipakai sudah" in html and f'id="dispute-{ret.public_id}"' in html
    too_long = client.post(_ret_url(delivered, ret, "dispute"), {f"{ret.public_id}-note": "x" * 1001})
    assert too_long.status_code == 422 and f'id="id_{ret.public_id}-note_error"' in too_long.content.decode()
    response = client.post(_ret_url(delivered, ret, "dispute"), {f"{ret.public_id}-note": "Masih baru"})
    assert response.status_code == 302
    fresh = refresh(ret)
    assert fresh.status == "disputed" and fresh.dispute_note == "Masih baru"
    html = client.get(response["Location"]).content.decode()
    assert "The buyer asked Lapak to decide" in html and "Waiting for Lapak" in html


def test_sending_back_books_the_sandbox_courier_and_shows_the_tracking(delivered, buyer, market):
    from lapak.market.orders.returns.services import return_answer

    ret = open_return(delivered.budi, buyer)
    return_answer(return_request=ret, seller_actor=market.budi_owner, accept=True)
    client = client_in("en", buyer)
    assert f'id="ship-back-{ret.public_id}"' in client.get(f"/orders/{delivered.order.public_id}/").content.decode()
    response = client.post(_ret_url(delivered, ret, "ship-back"), {f"{ret.public_id}-tracking_number": ""})
    assert response.status_code == 302 and refresh(ret).status == "shipped_back"
    html = client.get(response["Location"]).content.decode()
    assert "On its way back to the seller" in html and 'class="return-tracking"' in html
    assert "The return is on its way back to the seller" in html


def test_when_the_courier_cannot_be_booked_the_receipts_number_is_asked(delivered, buyer, market):
    from lapak.market.orders.returns.services import return_answer

    ret = open_return(delivered.sari, buyer)
    return_answer(return_request=ret, seller_actor=market.sari_owner, accept=True)
    client = client_in("en", buyer)
    response = client.post(_ret_url(delivered, ret, "ship-back"), {f"{ret.public_id}-tracking_number": ""})
    html = response.content.decode()
    assert response.status_code == 422 and f'id="id_{ret.public_id}-tracking_number_error"' in html
    assert "enter the tracking number" in html and refresh(ret).status == "accepted"
    bad = client.post(_ret_url(delivered, ret, "ship-back"), {f"{ret.public_id}-tracking_number": "<x>"})
    assert bad.status_code == 422 and refresh(ret).status == "accepted"
    done = client.post(_ret_url(delivered, ret, "ship-back"), {f"{ret.public_id}-tracking_number": "JNE-RET-123"})
    assert done.status_code == 302 and refresh(ret).status == "shipped_back"
    assert "JNE-RET-123" in client.get(done["Location"]).content.decode()


def test_posts_without_the_csrf_token_are_refused(delivered, buyer, market):
    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer)
    response = client.post(_form_url(delivered, delivered.budi), {**_qty(delivered.budi, market, 1),
                                                                  "reason": "damaged"})
    assert response.status_code == 403 and not ReturnRequest.objects.exists()
    ret = open_return(delivered.budi, buyer)
    assert client.post(_ret_url(delivered, ret, "withdraw")).status_code == 403
    assert refresh(ret).status == "requested"


def test_a_second_request_while_one_is_open_is_said_in_words(delivered, buyer, market):
    open_return(delivered.budi, buyer, quantities={market.shirt.public_id: 1})
    response = client_in("en", buyer).post(_form_url(delivered, delivered.budi), {**_qty(delivered.budi, market, 1),
                                                                                 "reason": "damaged"})
    assert response.status_code == 409 and "already has a return in progress" in response.content.decode()
    assert ReturnRequest.objects.count() == 1


def test_a_body_larger_than_five_photos_is_refused_before_it_is_read(delivered, buyer, market, settings):
    settings.SELLER_UPLOAD_MAX_BYTES = 1000
    data = {**_qty(delivered.budi, market, 1), "reason": "damaged",
            "photos": [SimpleUploadedFile("big.jpg", b"\xff" * 300_000)]}
    response = client_in("en", buyer).post(_form_url(delivered, delivered.budi), data)
    assert response.status_code == 413 and not ReturnRequest.objects.exists()


def test_confirm_received_is_not_offered_while_a_return_is_under_way(delivered, buyer, market):
    from lapak.market.orders.returns.services import return_withdraw

    so, url = delivered.budi, f"/orders/{delivered.order.public_id}/"
    button = f'id="confirm-received-{so.public_id}"'
    assert button in client_in("en", buyer).get(url).content.decode()
    ret = open_return(so, buyer)
    assert button not in client_in("en", buyer).get(url).content.decode()
    return_withdraw(return_request=ret, buyer=buyer)
    assert button in client_in("en", buyer).get(url).content.decode()
