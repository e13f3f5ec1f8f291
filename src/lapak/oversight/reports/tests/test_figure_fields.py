"""How report fields read the figure registry: the first grouping the figure supports, the measure by key or by
kind, suppression exactly as for any reader, and a clear "unavailable" (with the reason) for a figure that is
missing, cannot be grouped so, lacks the measure or fails, while the rest of the report still stands."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.models import AuditEvent
from lapak.oversight.figures.base import FIGURES, Column, Figure, FigureQuery, FigureTable, register
from lapak.oversight.reports.fields import FIELDS, ReportField
from lapak.oversight.reports.periods import quarter_parse
from lapak.oversight.reports.quarterly import quarterly_report_build
from lapak.oversight.reports.rendering import quarterly_csv_text, quarterly_json

pytestmark = pytest.mark.django_db
ASKED: list[FigureQuery] = []


def _cells(query: FigureQuery) -> FigureTable:
    ASKED.append(query)
    rows = [{"region": "A", "region_name": "Alpha", "sales": 500, "orders": 7, "_sellers": 12},
            {"region": "B", "region_name": "Beta", "sales": 300, "orders": 5, "_sellers": 10},
            {"region": "C", "region_name": "Gamma", "sales": 70, "orders": 1, "_sellers": 9}]
    return FigureTable(columns=[Column("region", "Region", "dimension"), Column("region_name", "Name", "text"),
                                Column("sales", "Sales", "money"), Column("orders", "Orders", "count")],
                       rows=rows, method="Known rows.")


def _broken(query: FigureQuery) -> FigureTable:
    raise RuntimeError("a bug in a figure")


@pytest.fixture(autouse=True)
def test_figures():
    ASKED.clear()
    made = [register(Figure(key="test-report-cells", title="Cells", description="", compute=_cells,
                            dimensions={"region": "Region"})),
            register(Figure(key="test-report-broken", title="Broken", description="", compute=_broken))]
    yield made
    for figure in made:
        del FIGURES[figure.key]


def _field(key: str, **kwargs) -> ReportField:
    return ReportField("transactions", key, _("Test"), "IDR", "figure", _("Test."), **kwargs)


FIELDS_UNDER_TEST = (
    _field("by_region", figure="test-report-cells", by=(("province",), ("region",)), measure=("gmv",),
           kind="money"),
    _field("orders_by_region", figure="test-report-cells", by=(("region",),), measure=("orders",), kind="money"),
    _field("missing", figure="no-such-figure"),
    _field("ungroupable", figure="test-report-cells", by=(("province",),)),
    _field("no_measure", figure="test-report-cells", by=(("region",),), measure=("nope",), kind="share"),
    _field("broken", figure="test-report-broken"),
    *[field for field in FIELDS if field.origin == "participants"],
)


def _report(regulator, quarter: str):
    return quarterly_report_build(user=regulator, period=quarter_parse(quarter, jurisdiction="ID"),
                                  fields=FIELDS_UNDER_TEST)


def test_fields_take_the_first_grouping_and_the_measure_asked_for(regulator, market):
    report = _report(regulator, market.quarter.label)
    results = {result.field.key: result for result in report.results}
    by_region = results["by_region"]
    assert by_region.available and by_region.grouped_by == ("region",)
    # C has 9 sellers: blanked; B then goes too, as the smallest other (secondary suppression).
    assert [(v.dimension_text, v.value, v.suppressed) for v in by_region.values] == [
        ("region=A (Alpha)", 500, False), ("region=B (Beta)", None, True), ("region=C (Gamma)", None, True)]
    assert [v.value for v in results["orders_by_region"].values] == [7, None, None]  # by key, not by kind
    assert by_region.method == "Known rows."
    # One read per (figure, grouping), with the quarter as its range.
    assert len(ASKED) == 1 and ASKED[0].by == ("region",)
    assert (ASKED[0].date_from.isoformat(), ASKED[0].date_to.isoformat()) == (
        report.period.first.isoformat(), report.period.last.isoformat())
    assert AuditEvent.objects.filter(action="oversight.query", subject_id="figure:test-report-cells").count() == 1


def test_what_cannot_be_answered_says_why_and_the_rest_stands(regulator, market):
    report = _report(regulator, market.quarter.label)
    results = {result.field.key: result for result in report.results}
    reasons = {key: results[key].reason for key in ("missing", "ungroupable", "no_measure", "broken")}
    assert all(not results[key].available for key in reasons)
    assert "no-such-figure" in reasons["missing"] and "not available" in reasons["missing"]
    assert "cannot be grouped by province" in reasons["ungroupable"]
    assert "no such measure" in reasons["no_measure"]
    assert "could not be computed" in reasons["broken"]
    assert results["sellers_with_sales"].values[0].value == 25  # still answered after the broken figure
    body = quarterly_json(report)
    assert {item["field"] for item in body["unavailable"]} == set(reasons)
    lines = quarterly_csv_text(report).splitlines()
    assert any(line.startswith("transactions,broken,,,IDR,unavailable: ") for line in lines)


def test_a_csv_cell_that_looks_like_a_formula_is_neutralised(regulator, market, settings):
    settings.PLATFORM_COMPANY = {"name": "=HYPERLINK(\"http://x\")", "nib": "-12", "address": "@home"}
    report = quarterly_report_build(user=regulator, period=quarter_parse(market.quarter.label, jurisdiction="ID"),
                                    fields=tuple(field for field in FIELDS if field.origin == "company"))
    rows = {row[1]: row[3] for row in csv.reader(io.StringIO(quarterly_csv_text(report)))}
    assert rows["company_name"] == "'=HYPERLINK(\"http://x\")"
    assert rows["company_nib"] == "-12"  # a number stays a number
    assert rows["company_address"] == "'@home"
    assert quarterly_json(report)["sections"][0]["fields"][0]["values"][0]["value"] == "=HYPERLINK(\"http://x\")"
