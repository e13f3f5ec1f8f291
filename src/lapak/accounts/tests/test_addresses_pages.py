"""The address book pages: inline errors, CSRF, owners only, the region picker, both languages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from lapak.accounts.models import Address
from lapak.accounts.services import address_create
from lapak.accounts.tests.address_support import POSTCODE, VILLAGE, address_data, regions_fixture  # noqa: F401

P = "/accounts/addresses/"


def form_data(**overrides) -> dict:
    data = {"label": "Rumah", "recipient_name": "Sari Wulandari", "phone": "081234567890", "street": "Jl. Merdeka 1",
            "address_province": "31", "address_regency": "31.71", "address_district": "31.71.01",
            "address_region_code": VILLAGE, "address_postcode": POSTCODE}
    data.update(overrides)
    return data


@pytest.fixture
def sari(make_user, regions):
    user = make_user(email="sari@example.test")
    client = Client()
    client.force_login(user)
    return user, client


def test_signed_out_is_sent_to_sign_in(regions):
    response = Client().get(P)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_add_then_list(sari):
    _user, client = sari
    assert client.get(P + "new/").status_code == 200
    response = client.post(P + "new/", form_data())
    assert response.status_code == 302
    page = client.get(P).content.decode()
    assert "Sari Wulandari" in page and "Gambir" in page and POSTCODE in page


@pytest.mark.parametrize(("change", "message"), [
    ({"address_region_code": ""}, "Choose a village"),
    ({"address_postcode": "99999"}, "not the village"),
    ({"phone": "12345"}, "starting with 08, 628 or +628"),
    ({"label": ""}, "Give the address a label"),
])
def test_bad_input_is_shown_inline_not_a_500(sari, change, message):
    _user, client = sari
    response = client.post(P + "new/", form_data(**change), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert message in response.content.decode()
    assert "field--invalid" in response.content.decode()
    assert Address.objects.count() == 0


def test_region_picker_partial_lists_the_next_level_and_fills_the_postcode(regions):
    response = Client().get(P + "region-picker/", {"address_province": "31", "address_regency": "31.71",
                                                    "address_district": "31.71.01", "address_region_code": VILLAGE})
    body = response.content.decode()
    assert response.status_code == 200 and "Gambir" in body and f'value="{POSTCODE}"' in body


def test_edit_delete_and_default_are_the_owners_only(sari, make_user):
    user, client = sari
    home = address_create(user=user, data=address_data())
    office = address_create(user=user, data=address_data(label="Kantor"))
    stranger = Client()
    stranger.force_login(make_user(email="other@example.test"))
    assert stranger.get(f"{P}{home.public_id}/").status_code == 404
    assert stranger.post(f"{P}{home.public_id}/delete/").status_code == 404
    assert stranger.post(f"{P}{office.public_id}/default/").status_code == 404
    assert Address.objects.filter(user=user).count() == 2
    assert client.post(f"{P}{office.public_id}/default/").status_code == 302
    assert Address.objects.get(is_default=True) == office
    edited = client.post(f"{P}{home.public_id}/", form_data(street="Jl. Baru 9"))
    assert edited.status_code == 302 and Address.objects.get(pk=home.pk).street == "Jl. Baru 9"
    assert client.post(f"{P}{home.public_id}/delete/").status_code == 302
    assert list(Address.objects.filter(user=user)) == [office]


def test_posts_need_the_csrf_token(sari):
    user, _client = sari
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(P + "new/", form_data()).status_code == 403
    assert Address.objects.count() == 0


def test_pages_speak_both_languages(sari):
    _user, client = sari
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "My addresses" in client.get(P).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    assert client.get(P).status_code == 200  # Indonesian strings arrive with the lead's .po file
