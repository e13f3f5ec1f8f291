"""The seller centre's order desk: the list by what needs doing, the detail with lines and the buyer's address,
accept / cancel with a reason / ship (book the sandbox courier, or type a tracking number), printable slip and
label; owners and managers act, staff only look, other shops get 404; bad input shows inline; both languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.tests.desk_support import accept, paid, staff, status_of

pytestmark = pytest.mark.django_db
__all__ = ["paid", "staff"]  # fixtures


def _desk(market, so=None, action=""):
    base = f"/seller/orders/{market.budi.public_id}/"
    return base if so is None else f"{base}{so.public_id}/{action}"


def test_the_list_shows_the_shops_orders_by_tab_in_indonesian(paid, market):
    html = client_in("id", market.budi_owner).get(_desk(market)).content.decode()
    assert '<html lang="id">' in html and f'id="so-{paid.budi.public_id}"' in html
    assert paid.sari.public_id not in html  # Toko Sari's part is not Toko Budi's business
    assert 'id="tab-to_accept"' in html and 'aria-current="page"' in html
    shipped_tab = client_in("id", market.budi_owner).get(_desk(market) + "?tab=shipped").content.decode()
    assert paid.budi.public_id not in shipped_tab and 'id="no-orders"' in shipped_tab


def test_an_unknown_tab_falls_back_to_the_first(paid, market):
    response = client_in("en", market.budi_owner).get(_desk(market) + "?tab=bogus<script>")
    assert response.status_code == 200 and paid.budi.public_id in response.content.decode()


def test_the_detail_in_english_shows_lines_and_the_address_but_not_the_phone(paid, market):
    html = client_in("en", market.budi_owner).get(_desk(market, paid.budi)).content.decode()
    order = paid.order
    assert '<html lang="en">' in html and "KAOS-M-MERAH" in html and order.recipient_name in html
    assert order.street in html and order.postcode in html and order.phone not in html
    assert 'id="accept-form"' in html and 'id="cancel-form"' in html and 'id="ship-form"' not in html
    assert "Paid" in html and 'id="read-only"' not in html


def test_staff_look_but_do_not_act(paid, market, staff):
    client = client_in("en", staff)
    html = client.get(_desk(market, paid.budi)).content.decode()
    assert 'id="read-only"' in html and 'id="accept-form"' not in html and 'id="cancel-form"' not in html
    assert client.post(_desk(market, paid.budi, "accept/")).status_code == 403
    assert client.post(_desk(market, paid.budi, "cancel/"), {"reason": "x"}).status_code == 403
    assert client.post(_desk(market, paid.budi, "ship/"), {"service": "sandbox:REG"}).status_code == 403
    assert status_of(paid.budi) == "paid"


def test_other_shops_and_strangers_get_404(paid, market, make_user):
    sari = client_in("en", market.sari_owner)
    assert sari.get(_desk(market)).status_code == 404
    assert sari.get(_desk(market, paid.budi)).status_code == 404
    assert sari.post(_desk(market, paid.budi, "accept/")).status_code == 404
    own_shop_other_order = f"/seller/orders/{market.sari.public_id}/{paid.budi.public_id}/"
    assert sari.get(own_shop_other_order).status_code == 404
    assert client_in("en", make_user()).get(_desk(market)).status_code == 404
    assert Client().get(_desk(market)).status_code == 302  # to sign in
    assert status_of(paid.budi) == "paid"


def test_accept_then_ship_with_the_sandbox_courier_then_print(paid, market):
    client = client_in("en", market.budi_owner)
    response = client.post(_desk(market, paid.budi, "accept/"))
    assert response.status_code == 302 and status_of(paid.budi) == "accepted"
    html = client.get(_desk(market, paid.budi)).content.decode()
    assert 'id="ship-form"' in html and 'value="sandbox:REG" selected' in html
    assert client.post(_desk(market, paid.budi, "ship/"), {"service": "sandbox:REG"}).status_code == 302
    from lapak.market.orders.selectors import shipment_of

    shipment = shipment_of(seller_order=paid.budi)
    assert status_of(paid.budi) == "shipped" and shipment.tracking_number.startswith("SBX")
    html = client.get(_desk(market, paid.budi)).content.decode()
    assert shipment.tracking_number in html and 'id="ship-form"' not in html
    label = client.get(_desk(market, paid.budi, "label/")).content.decode()
    assert shipment.tracking_number in label and "@media print" in label and paid.order.recipient_name in label
    slip = client.get(_desk(market, paid.budi, "packing-slip/")).content.decode()
    assert "KAOS-M-MERAH" in slip and "@media print" in slip and paid.order.phone not in slip


def test_slip_and_label_need_an_accepted_or_shipped_order(paid, market, staff):
    client = client_in("en", staff)
    assert client.get(_desk(market, paid.budi, "packing-slip/")).status_code == 404  # not accepted yet
    accept(paid.budi, market)
    assert client.get(_desk(market, paid.budi, "packing-slip/")).status_code == 200  # staff may print
    assert client.get(_desk(market, paid.budi, "label/")).status_code == 404  # no tracking number yet


def test_cancel_needs_a_reason_shown_inline(paid, market):
    client = client_in("en", market.budi_owner)
    response = client.post(_desk(market, paid.budi, "cancel/"), {"reason": "   "})
    html = response.content.decode()
    assert response.status_code == 422 and 'class="field__errors" id="id_reason_error"' in html
    assert "Say why the order is cancelled." in html and status_of(paid.budi) == "paid"
    response = client.post(_desk(market, paid.budi, "cancel/"), {"reason": "Stok habis"})
    assert response.status_code == 302 and status_of(paid.budi) == "cancelled"
    assert "Stok habis" in client.get(_desk(market, paid.budi)).content.decode()


def test_a_courier_that_cannot_be_booked_asks_for_the_tracking_number(paid, market):
    accept(paid.sari, market)
    client = client_in("en", market.sari_owner)
    url = f"/seller/orders/{market.sari.public_id}/{paid.sari.public_id}/ship/"
    response = client.post(url, {"service": "jne:REG"})
    html = response.content.decode()
    assert response.status_code == 422 and 'id="id_tracking_number_error"' in html
    assert "enter the tracking number" in html and status_of(paid.sari) == "accepted"
    response = client.post(url, {"service": "jne:REG", "tracking_number": "no spaces allowed"})
    assert response.status_code == 422 and 'id="id_tracking_number_error"' in response.content.decode()
    response = client.post(url, {"service": "nope:X", "tracking_number": "JNE0012345678"})
    assert response.status_code == 422 and 'id="id_service_error"' in response.content.decode()
    assert client.post(url, {"service": "jne:REG", "tracking_number": "JNE0012345678"}).status_code == 302
    assert status_of(paid.sari) == "shipped"


def test_a_step_no_longer_possible_is_a_clear_409(paid, market):
    client = client_in("id", market.budi_owner)
    client.post(_desk(market, paid.budi, "accept/"))
    again = client.post(_desk(market, paid.budi, "accept/"))
    assert again.status_code == 409 and 'class="alert' in again.content.decode()
    client.post(_desk(market, paid.budi, "ship/"), {"service": "sandbox:REG"})
    assert client.post(_desk(market, paid.budi, "ship/"), {"service": "sandbox:REG"}).status_code == 409
    assert client.get(_desk(market, paid.budi, "accept/")).status_code == 405


def test_actions_need_the_csrf_token(paid, market):
    client = Client(enforce_csrf_checks=True)
    client.force_login(market.budi_owner)
    assert client.post(_desk(market, paid.budi, "accept/")).status_code == 403
    assert status_of(paid.budi) == "paid"


def test_the_seller_centre_links_to_the_desk(market):
    html = client_in("en", market.budi_owner).get("/seller/").content.decode()
    assert f'href="/seller/orders/{market.budi.public_id}/"' in html


def test_the_sandbox_delivers_and_the_desk_timeline_shows_it(paid, market, django_capture_on_commit_callbacks):
    from lapak.market.shipping.services import sandbox_tick

    client = client_in("en", market.budi_owner)
    client.post(_desk(market, paid.budi, "accept/"))
    client.post(_desk(market, paid.budi, "ship/"), {"service": "sandbox:REG"})
    later = timezone.now()
    for _n in range(3):
        later += timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            sandbox_tick(now=later)
    html = client.get(_desk(market, paid.budi)).content.decode()
    assert status_of(paid.budi) == "delivered"
    assert "Courier: Picked up" in html and "Courier: Delivered" in html
    assert client.get(_desk(market) + "?tab=shipped").content.decode().count(paid.budi.public_id) >= 1
