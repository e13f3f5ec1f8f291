"""/api/v1/compliance/reference/…: who may call what (anonymous 401, sellers and buyers 403, regulators read their
jurisdictions only, operators everything), the one error shape with row-level fields, CSV imports."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lapak.compliance.models import CertificateRequirement, ExchangeRate, HolidayChange, HsListVersion
from lapak.core.ids import is_public_id
from lapak.core.testing import published_operations

pytestmark = pytest.mark.django_db
BASE = "/api/v1/compliance/reference/"
RATE = {"currency": "USD", "idr_per_unit": "16250.50", "valid_from": "2026-12-02", "valid_until": "2026-12-08",
        "source": "KMK 60/KM.10/2026"}
HS = {"jurisdiction": "ID", "label": "2026-H2", "source": "Kepmendag 1998/2023", "effective_from": "2026-07-01",
      "rows": [{"hs_code": "4901.10.00", "description": "Books"}]}


@pytest.fixture
def callers(make_user, bearer):
    operator = make_user(roles=["operator"])
    return {
        "operator": bearer(operator),
        "regulator_id": bearer(make_user(roles=["regulator"], jurisdiction="ID")),
        "regulator_gb": bearer(make_user(roles=["regulator"], jurisdiction="GB")),
        "buyer": bearer(make_user(roles=["buyer"])),
        "seller": bearer(make_user(roles=["seller_member"])),
        "operator_user": operator,
    }


def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def post(path, body, headers):
    return client().post(BASE + path, json.dumps(body), content_type="application/json", **headers)


def version_id(callers) -> str:
    return post("hs-lists", HS, callers["operator"]).json()["id"]


WRITES = [("hs-lists", HS), ("rates", {"rows": [RATE]}),
          ("certificates", {"rows": [{"jurisdiction": "ID", "category_slug": "kosmetik", "kind": "bpom",
                                      "effective_from": "2026-01-01"}]}),
          ("holidays", {"rows": [{"jurisdiction": "ID", "day": "2026-12-24", "change": "add", "name": "Cuti"}]})]


def test_every_operation_is_in_the_matrix():
    published = published_operations("/api/v1/compliance/reference/")
    assert published == {
        ("GET", "/api/v1/compliance/reference/hs-lists"), ("POST", "/api/v1/compliance/reference/hs-lists"),
        ("GET", "/api/v1/compliance/reference/hs-lists/{public_id}"),
        ("POST", "/api/v1/compliance/reference/hs-lists/import"),
        ("POST", "/api/v1/compliance/reference/hs-lists/{public_id}/activate"),
        ("GET", "/api/v1/compliance/reference/rates"), ("POST", "/api/v1/compliance/reference/rates"),
        ("POST", "/api/v1/compliance/reference/rates/import"),
        ("GET", "/api/v1/compliance/reference/certificates"), ("POST", "/api/v1/compliance/reference/certificates"),
        ("POST", "/api/v1/compliance/reference/certificates/import"),
        ("POST", "/api/v1/compliance/reference/certificates/{public_id}/end"),
        ("GET", "/api/v1/compliance/reference/holidays"), ("POST", "/api/v1/compliance/reference/holidays"),
        ("POST", "/api/v1/compliance/reference/holidays/import"),
        ("DELETE", "/api/v1/compliance/reference/holidays/{public_id}"),
    }


@pytest.mark.parametrize("who", ["anonymous", "buyer", "seller", "regulator_id"])
def test_only_operators_write(callers, who):
    headers = {} if who == "anonymous" else callers[who]
    status = 401 if who == "anonymous" else 403
    existing = version_id(callers)
    for path, body in WRITES:
        response = post(path, body, headers)
        assert response.status_code == status, path
        assert set(response.json()["error"]) == {"code", "message", "fields"}
    assert post(f"hs-lists/{existing}/activate", {}, headers).status_code == status
    assert client().post(BASE + "rates/import?", "x", content_type="text/csv", **headers).status_code == status
    assert client().delete(BASE + "holidays/hol_" + "0" * 26, **headers).status_code == status
    assert HsListVersion.objects.count() == 1 and not ExchangeRate.objects.exists()
    assert not CertificateRequirement.objects.exists() and not HolidayChange.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "buyer", "seller"])
def test_outsiders_cannot_read(callers, who):
    headers = {} if who == "anonymous" else callers[who]
    for path in ("hs-lists", "rates", "certificates", "holidays?jurisdiction=ID&year=2026"):
        assert client().get(BASE + path, **headers).status_code == (401 if who == "anonymous" else 403)


def test_regulators_read_their_own_jurisdiction_only(callers):
    own = version_id(callers)
    post("hs-lists", {**HS, "jurisdiction": "GB"}, callers["operator"])
    regulator = callers["regulator_id"]
    assert [v["jurisdiction"] for v in client().get(BASE + "hs-lists", **regulator).json()] == ["ID"]
    assert client().get(BASE + f"hs-lists/{own}", **regulator).json()["entries"] == [
        {"hs_code": "49011000", "description": "Books"}]
    assert client().get(BASE + f"hs-lists/{own}", **callers["regulator_gb"]).status_code == 404
    assert client().get(BASE + "hs-lists?jurisdiction=GB", **regulator).status_code == 403
    assert client().get(BASE + "certificates?jurisdiction=GB", **regulator).status_code == 403
    assert client().get(BASE + "holidays?jurisdiction=GB&year=2026", **regulator).status_code == 403
    assert client().get(BASE + "rates", **regulator).status_code == 200
    assert len(client().get(BASE + "hs-lists", **callers["operator"]).json()) == 2


def test_operators_create_activate_and_list(callers):
    headers = callers["operator"]
    created = post("hs-lists", HS, headers)
    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert is_public_id(created.json()["id"], "hsl")
    activated = post(f"hs-lists/{created.json()['id']}/activate", {}, headers)
    assert activated.status_code == 200 and activated.json()["status"] == "active"
    clash = post("hs-lists", HS, headers).json()["id"]
    conflict = post(f"hs-lists/{clash}/activate", {}, headers)
    assert conflict.status_code == 409 and conflict.json()["error"]["code"] == "hs_list_overlap"
    rates = post("rates", {"rows": [RATE]}, headers)
    assert rates.status_code == 201 and rates.json()[0]["idr_per_unit"] == "16250.5000"
    assert is_public_id(rates.json()[0]["id"], "kmk")
    assert client().get(BASE + "rates?include_past=true", **headers).json()[0]["currency"] == "USD"


def test_bad_rows_answer_422_naming_each_row(callers):
    headers = callers["operator"]
    response = post("hs-lists", {**HS, "rows": [{"hs_code": "49011000"}, {"hs_code": "4901"},
                                                {"hs_code": "4901.10.00"}]}, headers)
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) == {"rows.1.hs_code", "rows.2.hs_code"}
    response = post("rates", {"rows": [RATE, {**RATE, "idr_per_unit": "0", "valid_from": "2026-12-09",
                                              "valid_until": "2026-12-15"}]}, headers)
    assert response.status_code == 422 and list(response.json()["error"]["fields"]) == ["rows.1.idr_per_unit"]
    response = post("rates", {"rows": [{**RATE, "extra": 1}]}, headers)
    assert response.status_code == 422 and "rows.0.extra" in response.json()["error"]["fields"]
    assert not ExchangeRate.objects.exists() and not HsListVersion.objects.exists()


def test_csv_imports_as_a_body_or_a_file(callers):
    headers = callers["operator"]
    query = "?jurisdiction=ID&label=csv&source=Kepmendag&effective_from=2026-01-01"
    response = client().post(BASE + "hs-lists/import" + query, "hs_code\n4901.10.00\n85234914\n",
                             content_type="text/csv", **headers)
    assert response.status_code == 201 and response.json()["entry_count"] == 2
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("rates.csv", b"currency,idr_per_unit,valid_from,valid_until,source\n"
                                             b"USD,0,2026-12-02,2026-12-08,KMK\n", content_type="text/csv")
    response = client().post(BASE + "rates/import", {"file": upload}, **headers)
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"rows.2.idr_per_unit": ["A rate is more than zero."]}
    response = client().post(BASE + "certificates/import?jurisdiction=ID", "", content_type="text/csv", **headers)
    assert response.status_code == 422 and "file" in response.json()["error"]["fields"]
    response = client().post(BASE + "holidays/import?jurisdiction=ID", {"other": "x"}, **headers)
    assert response.status_code == 422 and "file" in response.json()["error"]["fields"]
    assert not ExchangeRate.objects.exists() and not HolidayChange.objects.exists()


def test_certificates_end_and_holidays_round_trip(callers):
    headers = callers["operator"]
    (req,) = post("certificates", WRITES[2][1], headers).json()
    assert is_public_id(req["id"], "crq")
    ended = post(f"certificates/{req['id']}/end", {"effective_until": "2026-12-31"}, headers)
    assert ended.status_code == 200 and ended.json()["effective_until"] == "2026-12-31"
    bad = post(f"certificates/{req['id']}/end", {"effective_until": "2025-12-31"}, headers)
    assert bad.status_code == 422 and list(bad.json()["error"]["fields"]) == ["effective_until"]
    (change,) = post("holidays", WRITES[3][1], headers).json()
    assert is_public_id(change["id"], "hol")
    days = client().get(BASE + "holidays?jurisdiction=ID&year=2026", **callers["regulator_id"]).json()
    assert {"day": "2026-12-24", "name": "Cuti", "origin": "added", "change_id": change["id"]} in days
    assert client().get(BASE + "holidays?jurisdiction=ID&year=1900", **headers).status_code == 422
    assert client().delete(BASE + f"holidays/{change['id']}", **headers).status_code == 204
    assert client().delete(BASE + f"holidays/{change['id']}", **headers).status_code == 404


# A NUL byte in the address is refused (400) by lapak.core.middleware before any view; the services refuse it too.
@pytest.mark.parametrize("kind", ["primary key", "unknown", "other type", "lower case", "too long"])
def test_an_unknown_or_malformed_id_is_404_in_the_one_error_shape(callers, kind):
    headers = callers["operator"]
    created = post("hs-lists", HS, headers).json()["id"]
    (req,) = post("certificates", WRITES[2][1], headers).json()
    (change,) = post("holidays", WRITES[3][1], headers).json()
    version = HsListVersion.objects.get(public_id=created)
    bad = {"primary key": str(version.pk), "unknown": "hsl_" + "0" * 26, "other type": req["id"],
           "lower case": created.lower(), "too long": created + "0" * 100}[kind]
    for response in (client().get(BASE + f"hs-lists/{bad}", **headers), post(f"hs-lists/{bad}/activate", {}, headers),
                     post(f"certificates/{bad if kind != 'other type' else created}/end",
                          {"effective_until": "2026-12-31"}, headers),
                     client().delete(BASE + f"holidays/{bad if kind != 'other type' else req['id']}", **headers)):
        assert response.status_code == 404, response.content
        error = response.json()["error"]
        assert set(error) == {"code", "message", "fields"} and error["code"].endswith("not_found")
    assert HolidayChange.objects.filter(public_id=change["id"]).exists()
    assert HsListVersion.objects.get(public_id=created).status == "draft"
