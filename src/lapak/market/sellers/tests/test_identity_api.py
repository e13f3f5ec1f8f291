import json
import logging

import pytest

from lapak.core.idempotency.models import IdempotencyKey
from lapak.regions.tests.conftest import regions, regions_session_load  # noqa: F401

URL = "/api/v1/identity/nik/check"
NIK = "3276015501900001"  # Pancoran Mas, Kota Depok; a woman born 15 January 1990; serial 0001


@pytest.fixture
def auth(make_user, bearer):
    user = make_user()
    return bearer(user)


def post(client, body, headers, **extra):
    payload = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data=payload, content_type="application/json", **headers, **extra)


def error_code(response) -> str:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    return body["error"]["code"]


def test_a_valid_nik_is_decoded(regions, api_client, auth):  # noqa: F811
    response = post(api_client, {"nik": NIK}, auth)
    assert response.status_code == 200
    assert response.json() == {
        "valid": True,
        "province": "Jawa Barat",
        "regency": "Kota Depok",
        "district": "Pancoran Mas",
        "birth_date": "1990-01-15",
        "sex": "F",
        "errors": [],
        "warnings": [],
    }


@pytest.mark.parametrize(
    ("nik", "part", "code"),
    [
        ("327601550190001", "length", "nik_length"),
        ("32760155019O0001", "characters", "nik_characters"),
        ("9901015501900001", "province", "nik_province"),
        ("3276013202900001", "date", "nik_date"),
        ("3276015501900000", "serial", "nik_serial"),
    ],
)
def test_an_invalid_nik_is_a_200_naming_the_wrong_part(regions, api_client, auth, nik, part, code):  # noqa: F811
    response = post(api_client, {"nik": nik}, auth)
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is False
    assert [(e["part"], e["code"]) for e in body["errors"]] == [(part, code)]
    assert body["errors"][0]["message"]
    assert nik not in response.content.decode()


def test_warnings_for_unknown_and_historical_districts(regions, api_client, auth):  # noqa: F811
    unknown = post(api_client, {"nik": "3276991501900001"}, auth).json()
    assert unknown["valid"] is True and unknown["district"] is None
    assert [w["code"] for w in unknown["warnings"]] == ["nik_district_unknown"]
    papua = post(api_client, {"nik": "9102031501900001"}, auth).json()
    assert papua["valid"] is True and papua["province"] == "Papua Pegunungan"
    assert [w["code"] for w in papua["warnings"]] == ["nik_region_historical"]


def test_declared_values_give_review_flags(regions, api_client, auth):  # noqa: F811
    same = post(api_client, {"nik": NIK, "birth_date": "1990-01-15", "sex": "F"}, auth).json()
    assert same["valid"] is True and same["review_flags"] == []
    differ = post(api_client, {"nik": NIK, "birth_date": "1991-01-15", "sex": "M"}, auth).json()
    assert differ["valid"] is True and differ["review_flags"] == ["birth_date_mismatch", "sex_mismatch"]


def test_anonymous_callers_get_401(regions, api_client):  # noqa: F811
    response = post(api_client, {"nik": NIK}, {})
    assert response.status_code == 401 and error_code(response) == "not_authenticated"
    response = post(api_client, {"nik": NIK}, {"HTTP_AUTHORIZATION": "Bearer lpk_not-a-token"})
    assert response.status_code == 401


def test_sixty_checks_a_minute_per_user(regions, api_client, auth, make_user, bearer):  # noqa: F811
    for _ in range(60):
        assert post(api_client, {"nik": "12"}, auth).status_code == 200
    limited = post(api_client, {"nik": NIK}, auth)
    assert limited.status_code == 429 and error_code(limited) == "rate_limited"
    # Another user has a budget of her own.
    assert post(api_client, {"nik": NIK}, bearer(make_user())).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nik": "1" * 33}, "nik"),
        ({"nik": 3276015501900001}, "nik"),
        ({}, "nik"),
        ({"nik": NIK, "sex": "P"}, "sex"),
        ({"nik": NIK, "birth_date": "15-01-1990"}, "birth_date"),
        ({"nik": NIK, "name": "Siti"}, "name"),
    ],
)
def test_invalid_bodies_are_422(regions, api_client, auth, body, field):  # noqa: F811
    response = post(api_client, body, auth)
    assert response.status_code == 422 and error_code(response) == "validation_error"
    assert field in response.json()["error"]["fields"]
    assert "1" * 16 not in response.content.decode() and NIK not in response.content.decode()


@pytest.mark.parametrize("body", ['{"nik": "3276015501900001"', "[1, 2]", "not json"])
def test_malformed_bodies_are_400(regions, api_client, auth, body):  # noqa: F811
    response = post(api_client, body, auth)
    assert response.status_code == 400 and error_code(response) == "malformed_request"


def test_the_nik_is_neither_stored_nor_logged(regions, api_client, auth, caplog):  # noqa: F811
    with caplog.at_level(logging.DEBUG):
        response = post(api_client, {"nik": NIK}, auth, HTTP_IDEMPOTENCY_KEY="check-1")
        post(api_client, {"nik": NIK[:-1] + "X"}, auth)
    assert response.status_code == 200
    assert "Idempotent-Replayed" not in response
    assert not IdempotencyKey.objects.exists()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert NIK not in logged and NIK[:-1] not in logged
