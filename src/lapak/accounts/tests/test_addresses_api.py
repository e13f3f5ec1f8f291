"""`/api/v1/auth/addresses`: the caller's own book; another user's address is 404; bad input is a 422 per field."""

from __future__ import annotations

import pytest

from lapak.accounts.models import Address
from lapak.accounts.tests.address_support import VILLAGE, address_data, regions_fixture  # noqa: F401

A = "/api/v1/auth/addresses"


@pytest.fixture
def sari(make_user, regions, bearer):
    user = make_user(email="sari@example.test")
    return user, bearer(user)


def test_add_list_change_default_delete(api_client, sari):
    _user, auth = sari
    created = api_client.post(A, address_data(), content_type="application/json", **auth)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["village"]["code"] == VILLAGE and body["province"]["code"] == "31" and body["is_default"]
    assert body["id"].startswith("adr_") and body["phone"] == "+6281234567890"
    office = api_client.post(A, address_data(label="Kantor", is_default=True), content_type="application/json",
                             **auth).json()
    listed = api_client.get(A, **auth).json()
    assert [a["label"] for a in listed] == ["Kantor", "Rumah"]
    patched = api_client.patch(f"{A}/{body['id']}", {"street": "Jl. Baru 2"}, content_type="application/json", **auth)
    assert patched.status_code == 200 and patched.json()["street"] == "Jl. Baru 2"
    made = api_client.post(f"{A}/{body['id']}/default", **auth)
    assert made.status_code == 200 and made.json()["is_default"]
    assert api_client.delete(f"{A}/{office['id']}", **auth).status_code == 204
    assert [a["id"] for a in api_client.get(A, **auth).json()] == [body["id"]]


@pytest.mark.parametrize(("change", "field"), [
    ({"region_code": "31.71.01"}, "region_code"),
    ({"region_code": "31"}, "region_code"),
    ({"postcode": "10999"}, "postcode"),
    ({"phone": "+1 202 555 0100"}, "phone"),
    ({"label": ""}, "label"),
    ({"street": "x" * 201}, "street"),
])
def test_bad_input_is_422_on_the_field_and_nothing_is_written(api_client, sari, change, field):
    _user, auth = sari
    response = api_client.post(A, address_data(**change), content_type="application/json", **auth)
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == [field]
    assert Address.objects.count() == 0


def test_unknown_fields_and_derived_regions_cannot_be_sent(api_client, sari):
    _user, auth = sari
    response = api_client.post(A, address_data(province="32"), content_type="application/json", **auth)
    assert response.status_code == 422 and "province" in response.json()["error"]["fields"]


def test_another_users_address_is_404_on_every_path(api_client, sari, make_user, bearer):
    _user, auth = sari
    mine = api_client.post(A, address_data(), content_type="application/json", **auth).json()["id"]
    other = bearer(make_user(email="other@example.test"))
    assert api_client.get(A, **other).json() == []
    for method, path, body in (("get", f"{A}/{mine}", None), ("patch", f"{A}/{mine}", {"label": "Hack"}),
                               ("delete", f"{A}/{mine}", None), ("post", f"{A}/{mine}/default", None)):
        kwargs = {"content_type": "application/json", "data": body} if body else {}
        response = getattr(api_client, method)(path, **kwargs, **other)
        assert response.status_code == 404, (method, path)
        assert response.json()["error"]["code"] in ("address_not_found", "not_found")
    assert Address.objects.get(public_id=mine).label == "Rumah"


def test_anonymous_is_401(api_client, regions):
    assert api_client.get(A).status_code == 401
    assert api_client.post(A, address_data(), content_type="application/json").status_code == 401
