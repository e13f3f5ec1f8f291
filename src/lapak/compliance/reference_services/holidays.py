"""Corrections to the public-holiday calendar (the `holidays` package's): a collective leave day (cuti bersama)
added, or a day the government moved removed. Working-day deadlines (ID-CON-1) count them at once."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lapak.compliance.models import HolidayChange
from lapak.compliance.reference_selectors import by_public_id
from lapak.compliance.reference_services.common import (
    MAX_ROWS,
    RowErrors,
    check_jurisdiction,
    check_text,
    lock_jurisdictions,
)
from lapak.core.audit.services import audit_append
from lapak.core.errors import NotFound
from lapak.core.workdays import holiday_changes_saved, package_holidays


@dataclass(frozen=True)
class HolidayRow:
    jurisdiction: str
    day: date
    is_holiday: bool  # True: the day is added as a holiday; False: removed from the calendar
    name: str
    source: str = ""
    key: str = ""


def holiday_changes_for(jurisdiction: str, year: int) -> Mapping[date, bool]:
    """The corrections for one year ({day: is_holiday}): the provider lapak.core.workdays asks."""
    return dict(HolidayChange.objects.filter(jurisdiction=jurisdiction, day__year=year)
                .values_list("day", "is_holiday"))


def holiday_changes_check(rows: Sequence[HolidayRow]) -> RowErrors:
    """Each row's values; one change per day (in the rows and stored); an added day must not already be a public
    holiday, and a removed day must be one in the package's calendar."""
    errors = RowErrors()
    if not rows:
        errors.add("", "rows", _("There are no changes."))
    if len(rows) > MAX_ROWS:
        errors.add("", "rows", _("At most %(limit)d rows.") % {"limit": MAX_ROWS})
        return errors
    for code in sorted({row.jurisdiction for row in rows}):
        check_jurisdiction(errors, next(r.key for r in rows if r.jurisdiction == code), code)
    if errors:
        return errors
    stored = set(HolidayChange.objects.filter(jurisdiction__in={r.jurisdiction for r in rows},
                                              day__in={r.day for r in rows}).values_list("jurisdiction", "day"))
    seen: dict[tuple[str, date], str] = {}
    calendars: dict[tuple[str, int], dict[date, str]] = {}
    for row in rows:
        check_text(errors, row.key, "name", row.name, limit=120)
        check_text(errors, row.key, "source", row.source, limit=200, required=False)
        where = (row.jurisdiction, row.day)
        if where in stored:
            errors.add(row.key, "day", _("%(day)s already has a change; remove it first.")
                       % {"day": row.day.isoformat()})
            continue
        if where in seen:
            errors.add(row.key, "day", _("%(day)s is changed twice (%(where)s).")
                       % {"day": row.day.isoformat(), "where": seen[where] or _("another row")})
            continue
        seen[where] = row.key
        calendar = calendars.setdefault((row.jurisdiction, row.day.year),
                                        package_holidays(row.jurisdiction, row.day.year))
        if row.is_holiday and row.day in calendar:
            errors.add(row.key, "day", _("%(day)s is already a public holiday (%(name)s).")
                       % {"day": row.day.isoformat(), "name": calendar[row.day]})
        elif not row.is_holiday and row.day not in calendar:
            errors.add(row.key, "day", _("%(day)s is not a public holiday, so it cannot be removed.")
                       % {"day": row.day.isoformat()})
    return errors


def holiday_changes_add(*, rows: Sequence[HolidayRow], actor: str,
                        errors: RowErrors | None = None) -> list[HolidayChange]:
    """Store every correction or none (ValidationFailed naming each bad row). Audited; working-day calendars are
    recomputed in every process once it commits."""
    found = errors or RowErrors()
    with transaction.atomic():
        lock_jurisdictions(row.jurisdiction for row in rows)
        found.merge(holiday_changes_check(rows))
        found.raise_if_any()
        created = []
        for row in rows:
            change = HolidayChange.objects.create(jurisdiction=row.jurisdiction, day=row.day,
                                                  is_holiday=row.is_holiday, name=row.name.strip(),
                                                  source=row.source.strip(), created_by=actor)
            audit_append(actor=actor, action="compliance.holiday.change", subject_type="holiday_change",
                         subject_id=f"{row.jurisdiction}:{row.day.isoformat()}", jurisdiction=row.jurisdiction,
                         after={"day": row.day, "is_holiday": row.is_holiday, "name": change.name,
                                "source": change.source})
            created.append(change)
        holiday_changes_saved()
    return created


def holiday_change_remove(*, public_id: str, actor: str) -> None:
    """Withdraw the correction `public_id` ("hol_…"; NotFound when there is none): the day follows the package's
    calendar again. Audited."""
    with transaction.atomic():
        change = by_public_id(HolidayChange.objects.select_for_update(), public_id)
        if change is None:
            raise NotFound(_("There is no such holiday change."), code="holiday_change_not_found")
        audit_append(actor=actor, action="compliance.holiday.withdraw", subject_type="holiday_change",
                     subject_id=f"{change.jurisdiction}:{change.day.isoformat()}", jurisdiction=change.jurisdiction,
                     before={"day": change.day, "is_holiday": change.is_holiday, "name": change.name,
                             "source": change.source})
        change.delete()
        holiday_changes_saved()
