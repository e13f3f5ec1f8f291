"""The figure framework every oversight figure goes through: parameters, scoping, suppression, the query log and
the three renderings. A figure made for these tests feeds it known rows."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from lapak.core.audit.models import AuditEvent
from lapak.oversight.figures.base import FIGURES, Column, Figure, FigureQuery, FigureTable, register
from lapak.oversight.privacy import apply_suppression, seller_pseudonym

pytestmark = pytest.mark.django_db
SEEN: list[FigureQuery] = []


def _cells(query: FigureQuery) -> FigureTable:
    SEEN.append(query)
    rows = [
        {"region": "=HYPERLINK(\"x\")", "sales": 500, "_sellers": 12, "_buyers": 40},
        {"region": "B", "sales": 300, "_sellers": 10, "_buyers": 10},
        {"region": "C", "sales": 70, "_sellers": 9, "_buyers": 30},
        {"region": "D", "sales": 20, "_sellers": 25, "_buyers": 30},
    ]
    return FigureTable(columns=[Column("region", "Region", "dimension"), Column("sales", "Sales", "money")],
                       rows=rows, method="Known rows.", headline=[("Total", "890")])


@pytest.fixture(autouse=True)
def cells_figure():
    SEEN.clear()
    figure = register(Figure(key="test-cells", title="Cells", description="Rows for the framework tests.",
                             compute=_cells, dimensions={"region": "Region", "month": "Month"}))
    yield figure
    del FIGURES[figure.key]



def _get(api_client, bearer, user, params=""):
    return api_client.get(f"/api/v1/oversight/figures/test-cells{params}", **bearer(user))


def test_small_cells_are_blanked_and_one_more_so_they_cannot_be_subtracted(api_client, bearer, regulator):
    body = _get(api_client, bearer, regulator).json()
    by_region = {row["region"]: row for row in body["rows"]}
    assert by_region["C"] == {"region": "C", "sales": None, "suppressed": True}  # 9 sellers
    assert by_region["D"]["sales"] is None and by_region["D"]["suppressed"]  # secondary: the smallest other
    assert by_region["B"]["sales"] == 300 and not by_region["B"]["suppressed"]  # exactly 10 is shown
    assert body["suppressed_rows"] == 2
    assert all(not key.startswith("_") for row in body["rows"] for key in row)


def test_two_blanked_rows_need_no_secondary_suppression():
    table = FigureTable(columns=[Column("k", "K", "dimension"), Column("n", "N", "count")],
                        rows=[{"k": "a", "n": 5, "_buyers": 3}, {"k": "b", "n": 6, "_buyers": 4},
                              {"k": "c", "n": 50, "_buyers": 50}])
    rows = apply_suppression(table).rows
    assert [row["n"] for row in rows] == [None, None, 50]


def test_a_row_without_people_counts_is_never_suppressed():
    table = FigureTable(columns=[Column("k", "K", "dimension"), Column("n", "N", "count")], rows=[{"k": "a", "n": 1}])
    assert apply_suppression(table).rows == [{"k": "a", "n": 1, "suppressed": False}]


def test_pseudonyms_are_stable_and_do_not_contain_the_id():
    first, again, other = seller_pseudonym("org_abc"), seller_pseudonym("org_abc"), seller_pseudonym("org_abd")
    assert first == again != other
    assert first.startswith("S-") and "abc" not in first


def test_every_query_is_written_to_the_audit_log_with_who_what_and_how(api_client, bearer, regulator):
    before = AuditEvent.objects.filter(action="oversight.query").count()
    _get(api_client, bearer, regulator, "?from=2026-01&to=2026-03&by=region")
    event = AuditEvent.objects.filter(action="oversight.query").order_by("-id").first()
    assert AuditEvent.objects.filter(action="oversight.query").count() == before + 1
    assert event.actor == regulator.public_id and event.jurisdiction == "ID"
    assert event.subject_id == "figure:test-cells"
    assert event.after["params"] == {"channel": "api", "from": "2026-01-01", "to": "2026-03-31", "by": "region",
                                     "source": "rollup"}


@pytest.mark.parametrize(("params", "field", "code"), [
    ("?from=2026-05-01&to=2026-04-01", "from", "validation_error"),
    ("?from=1999-12", "from", "validation_error"),
    ("?from=2026-13", "from", "validation_error"),
    ("?to=yesterday", "to", "validation_error"),
    ("?from=2001-01&to=2026-01", "to", "validation_error"),
    ("?from=2099-01&to=2099-02", "from", "validation_error"),
    ("?by=province", "by", "validation_error"),
    ("?by=region,region", "by", "validation_error"),
    ("?colour=red", "__all__", "validation_error"),
    ("?source=scratch", "source", "validation_error"),
    ("?source=cache", "source", "validation_error"),
])
def test_bad_parameters_get_a_clear_error_are_logged_and_nothing_is_computed(api_client, bearer, regulator,
                                                                           params, field, code):
    before = AuditEvent.objects.filter(action="oversight.query").count()
    response = _get(api_client, bearer, regulator, params)
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == code
    assert field in response.json()["error"]["fields"]
    assert SEEN == []
    logged = AuditEvent.objects.filter(action="oversight.query").order_by("-id")
    assert logged.count() == before + 1 and logged[0].after["params"]["outcome"] == "invalid"


def test_a_regulator_reads_only_their_own_jurisdiction(api_client, bearer, regulator):
    response = _get(api_client, bearer, regulator, "?jurisdiction=GB")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "jurisdiction_forbidden"
    assert SEEN == []
    assert _get(api_client, bearer, regulator, "?jurisdiction=id").json()["jurisdiction"] == "ID"
    assert _get(api_client, bearer, regulator).json()["jurisdiction"] == "ID"


def test_only_regulators_and_operators_read_figures(api_client, bearer, make_user):
    assert api_client.get("/api/v1/oversight/figures/test-cells").status_code == 401
    buyer, seller = make_user(), make_user(roles=["seller_member"])
    for user in (buyer, seller):
        response = _get(api_client, bearer, user)
        assert response.status_code == 403 and response.json()["error"]["code"] == "oversight_forbidden"
    operator = make_user(roles=["operator"])
    assert _get(api_client, bearer, operator, "?jurisdiction=GB").json()["jurisdiction"] == "GB"
    assert _get(api_client, bearer, operator, "?source=scratch").json()["source"] == "scratch"


def test_an_unknown_figure_is_404(api_client, bearer, regulator):
    response = api_client.get("/api/v1/oversight/figures/no-such-thing", **bearer(regulator))
    assert response.status_code == 404 and response.json()["error"]["code"] == "figure_not_found"


def test_the_default_range_is_the_last_twelve_months(api_client, bearer, regulator):
    body = _get(api_client, bearer, regulator).json()
    start, end = date.fromisoformat(body["from"]), date.fromisoformat(body["to"])
    assert start.day == 1 and (end - start).days in range(334, 367)


def test_the_list_names_every_figure(api_client, bearer, regulator):
    keys = [figure["key"] for figure in api_client.get("/api/v1/oversight/figures", **bearer(regulator)).json()]
    assert "test-cells" in keys and keys == [figure.key for figure in sorted(
        FIGURES.values(), key=lambda figure: (figure.order, figure.key))]


@pytest.fixture
def operator_client(client, make_user):
    operator = make_user(roles=["operator"])
    client.force_login(operator)
    return client


def test_the_page_shows_chart_table_method_and_downloads(operator_client):
    response = operator_client.get(reverse("oversight:figure", args=["test-cells"]), {"by_dim": "region",
                                                                                       "from": "2026-01"},
                                   HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in html and 'id="figure-table"' in html and "Known rows." in html
    assert "&lt;10" in html and "Rp 500" in html
    assert "=HYPERLINK" not in html.replace("=HYPERLINK(&quot;x&quot;)", "")  # escaped
    assert "by=region" in html and "from=2026-01-01" in html
    assert SEEN[-1].by == ("region",) and SEEN[-1].date_from == date(2026, 1, 1)


def test_the_page_shows_bad_dates_inline_in_both_languages(operator_client):
    url = reverse("oversight:figure", args=["test-cells"])
    english = operator_client.get(url, {"from": "2026-05", "to": "2026-04"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400 and "The start comes after the end." in english.content.decode()
    indonesian = operator_client.get(url, {"from": "2026-05", "to": "2026-04"}, HTTP_ACCEPT_LANGUAGE="id")
    assert "The start comes after the end." not in indonesian.content.decode()
    assert 'aria-invalid="true"' in indonesian.content.decode()
    assert SEEN == []


def test_the_csv_blanks_suppressed_cells_and_defuses_formulas(operator_client):
    response = operator_client.get(reverse("oversight:figure_csv", args=["test-cells"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["region", "sales", "suppressed"]
    assert rows[1][0].startswith("'=") and rows[1][1] == "500"
    assert ["C", "", "true"] in rows


def test_pages_refuse_buyers_and_send_visitors_to_sign_in(client, make_user):
    url = reverse("oversight:figure", args=["test-cells"])
    assert client.get(url).status_code == 302
    client.force_login(make_user())
    assert client.get(url).status_code == 403


def test_a_malformed_or_unknown_jurisdiction_is_a_clear_error(api_client, bearer, make_user, regulator):
    operator = make_user(roles=["operator"])
    for user, value in ((operator, "1D"), (operator, "ZZ"), (regulator, "I-"), (operator, "IDN")):
        response = _get(api_client, bearer, user, f"?jurisdiction={value}")
        assert response.status_code == 422, (value, response.content)
        assert "jurisdiction" in response.json()["error"]["fields"]
    assert SEEN == []
