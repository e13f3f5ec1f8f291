"""The compliance figures from the rollups and from scratch agree, count what the engine recorded, suppress cells
of fewer than ten parties, and keep each jurisdiction's decisions to itself."""

from __future__ import annotations

import pytest

from lapak.compliance.tests import support as compliance_support
from lapak.core.errors import PermissionDenied
from lapak.oversight.rollups import ROLLUPS
from lapak.oversight.rules.services import APPEALS, DECISIONS
from lapak.oversight.rules.tests.support import compute, groupings, mixed_history
from lapak.oversight.selectors import figure_read

reference = compliance_support.reference
pytestmark = pytest.mark.django_db
PERIOD = {"from": "2026-08", "to": "2026-11"}


@pytest.fixture
def staff(make_user):
    return {"operator": make_user(roles=["operator"]), "regulator": make_user(roles=["regulator"], jurisdiction="ID"),
            "regulator_gb": make_user(roles=["regulator"], jurisdiction="GB")}


@pytest.fixture
def history(reference, staff):
    found = mixed_history(staff["operator"])
    assert ROLLUPS[DECISIONS].refresh() > 0 and ROLLUPS[APPEALS].refresh() > 0
    return found


def _rows(answer) -> dict[tuple, dict]:
    return {tuple(row[key] for key in answer.query.by): row for row in answer.table.rows}


@pytest.mark.parametrize(("key", "dimensions"), [
    ("decisions", ("month", "event", "rule", "outcome")),
    ("appeals", ("month", "kind", "status")),
    ("cross-border-refused", ("month", "rule")),
])
def test_every_grouping_gives_the_same_rows_from_the_rollups_and_from_scratch(history, key, dimensions):
    for by in groupings(dimensions):
        rollup, scratch = compute(key, by, "rollup"), compute(key, by, "scratch")
        assert rollup == scratch, by
        assert rollup, by
        # Plain JSON values: codes and names as text, measures as whole numbers (not PostgreSQL's numeric sums).
        assert all(type(value) in (str, int) for row in scratch + rollup for value in row.values()), by


def test_decisions_count_each_decision_once_by_outcome_and_each_finding_by_rule(history):
    by_outcome = {(row["month"], row["outcome"]): row for row in compute("decisions", ("month", "outcome"), "rollup")}
    # Twelve listings in September (one of them at 01:00 on 1 September in Jakarta), one in August.
    assert by_outcome[("2026-09", "allow")]["decisions"] == 12 and by_outcome[("2026-09", "allow")]["_sellers"] == 10
    assert by_outcome[("2026-08", "allow")]["decisions"] == 1
    assert by_outcome[("2026-09", "deny")]["decisions"] == 2
    by_rule = {(row["month"], row["rule"], row["outcome"]): row
               for row in compute("decisions", ("month", "rule", "outcome"), "rollup")}
    assert by_rule[("2026-09", "ID-XB-1", "deny")]["decisions"] == 2
    assert by_rule[("2026-09", "ID-XB-1", "n/a")]["decisions"] == 12  # domestic listings: the floor did not apply
    assert by_rule[("2026-10", "SWITCH:cross_border", "deny")]["decisions"] == 1
    assert by_rule[("2026-10", "ID-MKT-1", "deny")]["rule_title"]


def test_orders_count_their_buyers_and_a_decision_about_no_one_carries_no_count_of_people(history):
    rows = {row["event"]: row for row in compute("decisions", ("event",), "rollup")}
    assert rows["checkout.place"]["decisions"] == 2 and rows["checkout.place"]["_sellers"] == 2
    assert rows["escrow.release"]["decisions"] == 1 and "_sellers" not in rows["escrow.release"]


def test_cross_border_refusals_count_decisions_listings_and_sellers(history):
    (row,) = compute("cross-border-refused", ("rule",), "rollup")
    assert (row["rule"], row["decisions"], row["listings"], row["_sellers"]) == ("ID-XB-1", 4, 3, 3)
    months = {r["month"]: r for r in compute("cross-border-refused", ("month",), "scratch")}
    assert (months["2026-09"]["decisions"], months["2026-10"]["listings"]) == (2, 2)


def test_overrides_and_appeals_by_month_and_status_now(history):
    rows = {(r["month"], r["kind"], r["status"]): r["count"]
            for r in compute("appeals", ("month", "kind", "status"), "rollup")}
    assert rows == {("2026-09", "appeal", "upheld"): 1, ("2026-09", "appeal", "overturned"): 1,
                    ("2026-10", "appeal", "open"): 1, ("2026-10", "override", "deny_to_allow"): 2}


def test_small_cells_are_suppressed_for_a_regulator_and_large_ones_shown(history, staff):
    answer = figure_read(user=staff["regulator"], key="decisions", params={**PERIOD, "by": "month,outcome"},
                         channel="api")
    rows = _rows(answer)
    # 12 allowed: shown alone it would give the denials away (the month's total, 14, is shown by month).
    assert rows[("2026-09", "allow")]["decisions"] is None and rows[("2026-09", "allow")]["suppressed"]
    assert rows[("2026-09", "deny")]["decisions"] is None and rows[("2026-09", "deny")]["suppressed"]
    assert all("_sellers" not in row for row in answer.table.rows)
    refused = figure_read(user=staff["regulator"], key="cross-border-refused", params=PERIOD, channel="api")
    assert [row["listings"] for row in refused.table.rows] == [None]
    # Shown totals leave the suppressed rows out, secondary suppression included.
    assert answer.table.headline[0][1] == str(sum(row["decisions"] or 0 for row in answer.table.rows))


def test_figures_through_the_reader_agree_between_sources(history, staff):
    for key in ("decisions", "appeals", "cross-border-refused"):
        rollup = figure_read(user=staff["operator"], key=key, params={**PERIOD, "jurisdiction": "ID"}, channel="api")
        scratch = figure_read(user=staff["operator"], key=key, params={**PERIOD, "jurisdiction": "ID",
                                                                        "source": "scratch"}, channel="api")
        assert rollup.table.rows == scratch.table.rows and rollup.table.headline == scratch.table.headline


def test_a_gb_decision_is_never_in_the_id_figures_and_an_id_regulator_cannot_ask_for_gb(history, staff):
    for source in ("rollup", "scratch"):
        total = sum(row["decisions"] for row in compute("decisions", ("month",), source))
        assert total == 22, source  # every ID decision of the history, none of GB's
        (gb,) = compute("decisions", ("month", "outcome"), source, jurisdiction="GB")
        assert (gb["month"], gb["decisions"]) == ("2026-09", 1)
    with pytest.raises(PermissionDenied) as refused:
        figure_read(user=staff["regulator"], key="decisions", params={**PERIOD, "jurisdiction": "GB"}, channel="api")
    assert refused.value.code == "jurisdiction_forbidden"
    answer = figure_read(user=staff["regulator_gb"], key="decisions", params=PERIOD, channel="api")
    assert answer.query.jurisdiction == "GB" and [row["decisions"] for row in answer.table.rows] == [None]


def test_the_api_serves_the_figures_as_json_to_a_regulator(history, staff, api_client, bearer):
    for key in ("decisions", "appeals", "cross-border-refused", "switches"):
        response = api_client.get(f"/api/v1/oversight/figures/{key}", {"from": "2026-08", "to": "2026-11"},
                                  **bearer(staff["regulator"]))
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["jurisdiction"] == "ID" and all("_sellers" not in row for row in body["rows"])
    response = api_client.get("/api/v1/oversight/figures/decisions", {"by": "rule,nonsense"},
                              **bearer(staff["regulator"]))
    assert response.status_code == 422
