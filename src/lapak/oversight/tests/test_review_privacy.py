"""Review: a suppressed cell must not be recoverable by subtracting the visible cells of its row or column from a
total the portal publishes for a coarser grouping (the sales figure by month is the total of sales by month and
province)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from lapak.compliance.tests import support as compliance_support
from lapak.oversight.figures.base import Column, FigureTable
from lapak.oversight.privacy import apply_suppression

PEOPLE = {"_sellers": 50, "_buyers": 50}
FEW = {"_sellers": 3, "_buyers": 50}


def _table(rows: list[dict]) -> FigureTable:
    return FigureTable(columns=[Column("month", "Month", "date"), Column("province", "Province", "dimension"),
                                Column("province_name", "Province name", "text"), Column("gmv", "GMV", "money")],
                       rows=rows)


def _row(month: str, province: str, gmv: int, people: dict) -> dict:
    return {"month": month, "province": province, "province_name": f"P{province}", "gmv": gmv, **people}


def _lonely_blanks(rows: list[dict], keys: tuple[str, ...]) -> list[tuple]:
    """Lines (all dimensions fixed but one) holding exactly one blanked cell: the total of such a line (published
    when the figure is grouped by fewer dimensions) minus its visible cells is that cell."""
    lonely = []
    for free in keys:
        lines: dict[tuple, list[dict]] = defaultdict(list)
        for row in rows:
            lines[tuple(row[k] for k in keys if k != free)].append(row)
        for line, members in lines.items():
            if len(members) > 1 and sum(1 for row in members if row["suppressed"]) == 1:
                lonely.append((free, line))
    return lonely


def test_a_two_dimensional_table_leaves_no_line_with_a_single_blanked_cell():
    rows = [_row("2026-01", "11", 1000, PEOPLE), _row("2026-01", "12", 70, FEW), _row("2026-01", "13", 900, PEOPLE),
            _row("2026-02", "11", 2000, PEOPLE), _row("2026-02", "12", 3000, PEOPLE),
            _row("2026-02", "13", 40, FEW)]
    table = apply_suppression(_table(rows))
    assert [row["gmv"] for row in table.rows if row["province"] in {"12"} and row["month"] == "2026-01"] == [None]
    assert _lonely_blanks(table.rows, ("month", "province")) == []
    assert table.suppressed == sum(1 for row in table.rows if row["suppressed"])


def test_one_dimension_keeps_the_existing_rule():
    rows = [{"k": "a", "n": 5, "_buyers": 3}, {"k": "b", "n": 60, "_buyers": 40}, {"k": "c", "n": 50, "_buyers": 50}]
    table = apply_suppression(FigureTable(columns=[Column("k", "K", "dimension"), Column("n", "N", "count")],
                                          rows=rows))
    assert [row["n"] for row in table.rows] == [None, 60, None]
    assert table.suppressed == 2


# --- The same, end to end through a real figure (the compliance decisions of the rules tests' history) ----------

reference = compliance_support.reference


@pytest.fixture
def decisions_history(reference, make_user):
    from lapak.oversight.rollups import ROLLUPS
    from lapak.oversight.rules.services import APPEALS, DECISIONS
    from lapak.oversight.rules.tests.support import mixed_history

    operator = make_user(roles=["operator"])
    mixed_history(operator)
    assert ROLLUPS[DECISIONS].refresh() > 0 and ROLLUPS[APPEALS].refresh() > 0
    return make_user(roles=["regulator"], jurisdiction="ID")


@pytest.mark.django_db
def test_decisions_by_month_and_outcome_cannot_be_subtracted_from_the_month_totals(decisions_history):
    from lapak.oversight.selectors import figure_read

    regulator = decisions_history
    period = {"from": "2026-08", "to": "2026-11"}
    cells = figure_read(user=regulator, key="decisions", params={**period, "by": "month,outcome"}, channel="api")
    months = figure_read(user=regulator, key="decisions", params={**period, "by": "month"}, channel="api")
    month_totals = {row["month"]: row["decisions"] for row in months.table.rows if not row["suppressed"]}
    for month, total in month_totals.items():
        line = [row for row in cells.table.rows if row["month"] == month]
        hidden = [row for row in line if row["suppressed"]]
        assert len(hidden) != 1, (month, total, line)  # one hidden cell = the total minus the visible ones
    shown = sum(row["decisions"] for row in cells.table.rows if not row["suppressed"])
    assert cells.table.headline[0][1] == str(shown)  # "in the rows shown" means the rows the table shows
