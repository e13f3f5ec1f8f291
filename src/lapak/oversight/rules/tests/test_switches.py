"""The kill-switch and pilot history: every change in the date range (Jakarta days), oldest first, with the role
that made it and never a person, and only the jurisdiction's own switches."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from freezegun import freeze_time

from lapak.compliance.switch_services import compliance_switch_set
from lapak.core.ids import new_public_id
from lapak.oversight.selectors import figure_read

pytestmark = pytest.mark.django_db
OPERATOR = "usr_01M8HZB6VGF635QM4CYQSWW8SM"


def _set(at: datetime, **change) -> None:
    with freeze_time(at):
        compliance_switch_set(**{"actor": OPERATOR, "jurisdiction": "ID", **change})


@pytest.fixture
def switch_history():
    # 17:30 UTC on 1 October is 00:30 on 2 October in Jakarta.
    _set(datetime(2026, 10, 1, 17, 30, tzinfo=UTC), feature="cross_border", state="off", reason="Floods at the port")
    _set(datetime(2026, 10, 5, 3, 0, tzinfo=UTC), feature="live_shopping", state="pilot", reason="Trial",
         pilot_sellers=[new_public_id("org"), new_public_id("org")])
    _set(datetime(2026, 10, 20, 3, 0, tzinfo=UTC), feature="live_shopping", state="on")
    _set(datetime(2026, 10, 31, 17, 30, tzinfo=UTC), feature="cross_border", state="on")  # 1 November in Jakarta
    _set(datetime(2026, 11, 3, 3, 0, tzinfo=UTC), actor="system", feature="payment_method:cod", state="off",
         reason="Courier strike")
    _set(datetime(2026, 10, 10, 3, 0, tzinfo=UTC), jurisdiction="GB", feature="first_party", state="off",
         reason="Not in ID")


def _read(user, **params):
    return figure_read(user=user, key="switches", params=params, channel="api")


def test_the_history_lists_every_change_in_the_range_oldest_first_with_roles_not_people(switch_history, make_user):
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    answer = _read(regulator, **{"from": "2026-10-01", "to": "2026-11-30"})
    rows = answer.table.rows
    assert [(row["at"], row["feature"], row["change"]) for row in rows] == [
        ("2026-10-02 00:30", "cross_border", "turned_off"),
        ("2026-10-05 10:00", "live_shopping", "pilot_started"),
        ("2026-10-20 10:00", "live_shopping", "pilot_ended_on"),
        ("2026-11-01 00:30", "cross_border", "turned_on"),
        ("2026-11-03 10:00", "payment_method:cod", "turned_off"),
    ]
    assert rows[0]["reason"] == "Floods at the port" and rows[1]["pilot_sellers"] == 2
    assert [row["by"] for row in rows] == ["Platform operator"] * 4 + ["System"]
    assert not any(OPERATOR in str(value) for row in rows for value in row.values())
    assert not any(row["suppressed"] for row in rows)
    headline = {str(label): value for label, value in answer.table.headline}
    assert list(headline.values()) == ["5", "1", "0"]
    assert len(answer.table.notes) == 2  # the switches that exist, and the one off now (no pilot runs now)


def test_the_range_is_read_in_jakarta_days(switch_history, make_user):
    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    october = _read(regulator, **{"from": "2026-10-02", "to": "2026-10-31"}).table.rows
    assert [row["change"] for row in october] == ["turned_off", "pilot_started", "pilot_ended_on"]
    assert _read(regulator, **{"from": "2026-10-21", "to": "2026-10-31"}).table.rows == []


def test_both_sources_read_the_same_history_and_gb_keeps_its_own(switch_history, make_user):
    operator = make_user(roles=["operator"])
    period = {"from": "2026-10-01", "to": "2026-11-30", "jurisdiction": "ID"}
    assert _read(operator, **period).table.rows == _read(operator, **period, source="scratch").table.rows
    gb = _read(operator, **{**period, "jurisdiction": "GB"}).table.rows
    assert [(row["feature"], row["change"]) for row in gb] == [("first_party", "turned_off")]
