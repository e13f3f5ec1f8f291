"""Bad input and the wrong reader: one JSON error shape, never a 500, and nothing computed or leaked."""

from __future__ import annotations

import pytest

from lapak.core.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
QUARTERLY, MONTHLY = "/api/v1/oversight/reports/quarterly", "/api/v1/oversight/reports/monthly.pdf"


def _reports_logged() -> int:
    return AuditEvent.objects.filter(action="oversight.query", subject_id__startswith="report:").count()


@pytest.mark.parametrize(("quarter", "message"), [
    ("", "YYYY-Qn"), ("2026-Q5", "YYYY-Qn"), ("2026Q3", "YYYY-Qn"), ("2026-Q3x", "YYYY-Qn"),
    ("\u0662\u0660\u0662\u0666-Q1", "YYYY-Qn"), ("1999-Q4", "2000"), ("0000-Q1", "2000"), ("2099-Q1", "not begun"),
])
def test_a_bad_quarter_is_a_clear_422(api_client, bearer, regulator, quarter, message):
    response = api_client.get(QUARTERLY, {"quarter": quarter}, **bearer(regulator))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error" and message in error["fields"]["quarter"][0]
    assert _reports_logged() == 0  # refused before anything was read


@pytest.mark.parametrize(("month", "message"), [
    ("2026-13", "YYYY-MM"), ("2026-00", "YYYY-MM"), ("2026/10", "YYYY-MM"), ("26-10", "YYYY-MM"),
    ("1999-12", "2000"), ("2099-01", "not begun"),
])
def test_a_bad_month_is_a_clear_422(api_client, bearer, regulator, month, message):
    response = api_client.get(MONTHLY, {"month": month}, **bearer(regulator))
    assert response.status_code == 422
    assert message in response.json()["error"]["fields"]["month"][0]


def test_every_bad_field_is_named_at_once(api_client, bearer, regulator):
    response = api_client.get(QUARTERLY, {"quarter": "nope", "format": "xml", "colour": "red"}, **bearer(regulator))
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"quarter", "format", "__all__"} and "colour" in fields["__all__"][0]
    response = api_client.get(MONTHLY, {"month": "2025-01", "lang": "fr"}, **bearer(regulator))
    assert response.status_code == 422 and set(response.json()["error"]["fields"]) == {"lang"}


def test_a_regulator_reads_only_their_own_jurisdiction(api_client, bearer, gb_regulator):
    for url, params in ((QUARTERLY, {"quarter": "2025-Q1"}), (MONTHLY, {"month": "2025-01"})):
        response = api_client.get(url, {**params, "jurisdiction": "ID"}, **bearer(gb_regulator))
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "jurisdiction_forbidden"
    assert _reports_logged() == 0
    own = api_client.get(QUARTERLY, {"quarter": "2025-Q1"}, **bearer(gb_regulator))
    assert own.status_code == 200 and own.json()["header"]["jurisdiction"] == "GB"


def test_only_regulators_and_operators_may_read_reports(api_client, bearer, make_user, operator):
    seller = make_user()
    for url, params in ((QUARTERLY, {"quarter": "2025-Q1"}), (MONTHLY, {"month": "2025-01"})):
        assert api_client.get(url, params).status_code == 401
        response = api_client.get(url, params, **bearer(seller))
        assert response.status_code == 403 and response.json()["error"]["code"] == "oversight_forbidden"
    # An operator reads any jurisdiction (ID by default).
    response = api_client.get(QUARTERLY, {"quarter": "2025-Q1", "jurisdiction": "GB"}, **bearer(operator))
    assert response.status_code == 200 and response.json()["header"]["jurisdiction"] == "GB"


@pytest.mark.parametrize("params", [
    {"quarter": "2025-Q1", "jurisdiction": "x'; DROP TABLE"}, {"quarter": "2025-Q1", "jurisdiction": "IDN"},
    {"quarter": "2025-Q1\x00"}, {"quarter": "9" * 5000}, {"quarter": "2025-Q1", "format": "CSV\u0130"},
])
def test_odd_input_is_refused_clearly_never_a_500(api_client, bearer, operator, params):
    response = api_client.get(QUARTERLY, params, **bearer(operator))
    assert response.status_code in (400, 422) and response.json()["error"]["code"]  # 400: a NUL in the query
    month = {"month": "2025-01", "jurisdiction": params.get("jurisdiction", "ID")}
    response = api_client.get(MONTHLY, month, **bearer(operator))
    assert response.status_code in (200, 422)
    if "jurisdiction" in params:
        assert response.json()["error"]["fields"]["jurisdiction"]
    assert _reports_logged() == (1 if response.status_code == 200 else 0)


def test_a_regulators_lower_case_jurisdiction_and_quarter_are_understood(api_client, bearer, gb_regulator):
    response = api_client.get(QUARTERLY, {"quarter": " 2025-q1 ", "jurisdiction": "gb"}, **bearer(gb_regulator))
    assert response.status_code == 200
    assert (response.json()["header"]["jurisdiction"], response.json()["header"]["quarter"]) == ("GB", "2025-Q1")


ENDPOINTS = {QUARTERLY: {"quarter": "2025-Q1"}, MONTHLY: {"month": "2025-01"}}


def test_the_matrix_covers_every_published_report_operation():
    from lapak.core.testing import published_operations

    assert published_operations("/api/v1/oversight/reports") == {("GET", url) for url in ENDPOINTS}


@pytest.mark.parametrize("url", list(ENDPOINTS))
def test_each_kind_of_caller_on_each_endpoint(api_client, bearer, make_user, regulator, gb_regulator, operator, url):
    params = ENDPOINTS[url]
    expected = [(None, {}, 401), (make_user(), {}, 403), (make_user(roles=["seller_member"]), {}, 403),
                (regulator, {}, 200), (regulator, {"jurisdiction": "GB"}, 403), (gb_regulator, {}, 200),
                (operator, {"jurisdiction": "GB"}, 200), (operator, {}, 200)]
    for user, extra, status in expected:
        headers = bearer(user) if user is not None else {}
        assert api_client.get(url, {**params, **extra}, **headers).status_code == status, (user, extra)
