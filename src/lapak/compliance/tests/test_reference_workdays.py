"""Holiday corrections reach the working-day calendar (lapak.core.workdays) through the provider compliance
registers; the cached calendars follow each change, in this process and (via the shared cache) in others."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lapak.compliance.reference_selectors import year_holidays
from lapak.compliance.reference_services import HolidayRow, holiday_change_remove, holiday_changes_add
from lapak.core import workdays
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db
ACTOR = "usr_ops"
CHRISTMAS_EVE = date(2026, 12, 24)  # a Thursday, not in the package's calendar


def test_an_added_collective_leave_day_stops_counting_and_removing_it_restores_it():
    assert workdays.is_working_day(CHRISTMAS_EVE)
    (change,) = holiday_changes_add(rows=[HolidayRow("ID", CHRISTMAS_EVE, True, "Cuti bersama Natal", "SKB 2026")],
                                    actor=ACTOR)
    assert not workdays.is_working_day(CHRISTMAS_EVE)
    assert workdays.is_working_day(CHRISTMAS_EVE, jurisdiction="GB")
    # Delivered Wednesday 23 December: 24 (leave), 25 (Christmas), 26-27 (weekend), so the 28th and the 29th.
    delivered = datetime(2026, 12, 23, 10, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert workdays.working_days_deadline(delivered, 2).date() == date(2026, 12, 29)
    holiday_change_remove(public_id=change.public_id, actor=ACTOR)
    assert workdays.is_working_day(CHRISTMAS_EVE)
    assert workdays.working_days_deadline(delivered, 2).date() == date(2026, 12, 28)
    assert [e.action for e in AuditEvent.objects.order_by("pk")] == [
        "compliance.holiday.change", "compliance.holiday.withdraw"]


def test_a_removed_package_holiday_counts_as_a_working_day():
    christmas = date(2026, 12, 25)
    assert not workdays.is_working_day(christmas)
    holiday_changes_add(rows=[HolidayRow("ID", christmas, False, "Moved", "")], actor=ACTOR)
    assert workdays.is_working_day(christmas)


def test_a_change_saved_in_another_process_is_seen_here():
    assert workdays.is_working_day(CHRISTMAS_EVE)  # this process has the calendar cached
    from lapak.compliance.models import HolidayChange

    # Another process saves a change: it bumps the shared generation, it cannot clear our lru_cache.
    HolidayChange.objects.create(jurisdiction="ID", day=CHRISTMAS_EVE, is_holiday=True, name="x", created_by="t")
    from django.core.cache import cache

    cache.set("workdays:holiday-generation", "from-another-process", None)
    assert not workdays.is_working_day(CHRISTMAS_EVE)


def test_a_change_that_rolls_back_leaves_the_calendar_as_it_was():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        holiday_changes_add(rows=[HolidayRow("ID", CHRISTMAS_EVE, True, "Cuti", "")], actor=ACTOR)
        raise RuntimeError
    assert workdays.is_working_day(CHRISTMAS_EVE)


def test_adding_a_day_that_is_already_a_holiday_or_twice_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        holiday_changes_add(rows=[HolidayRow("ID", date(2026, 12, 25), True, "Natal", "", "rows.2"),
                                  HolidayRow("ID", date(2026, 12, 28), False, "x", "", "rows.3")], actor=ACTOR)
    assert set(caught.value.fields) == {"rows.2.day", "rows.3.day"}


def test_the_years_calendar_lists_package_days_and_changes():
    holiday_changes_add(rows=[HolidayRow("ID", CHRISTMAS_EVE, True, "Cuti bersama Natal", ""),
                              HolidayRow("ID", date(2026, 12, 25), False, "Moved", "")], actor=ACTOR)
    days = {d.day: d for d in year_holidays(jurisdiction="ID", year=2026)}
    assert days[CHRISTMAS_EVE].origin == "added" and days[date(2026, 12, 25)].origin == "removed"
    assert days[date(2026, 1, 1)].origin == "package"
