"""The periods reports cover: a quarter ("2026-Q3") or a month ("2026-10"), read from what a reader typed.

A period is a span of calendar days in the jurisdiction's civil time (WIB for Indonesia): its facts are those
stamped from the first day's midnight up to, not including, the midnight after the last day. A period that has
begun but not ended may be reported (the report says it is provisional); one that has not begun may not.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.core.workdays import LOCAL_TIME

EARLIEST_YEAR = 2000
_QUARTER = re.compile(r"(\d{4})-Q([1-4])", re.IGNORECASE | re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)


@dataclass(frozen=True)
class Period:
    kind: Literal["quarter", "month"]
    label: str  # "2026-Q3" or "2026-10"
    first: date
    last: date  # inclusive
    jurisdiction: str

    @property
    def zone(self) -> ZoneInfo:
        return local_zone(self.jurisdiction)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=self.zone)

    @property
    def end(self) -> datetime:
        """The first instant after the period (exclusive)."""
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=self.zone)

    @property
    def complete(self) -> bool:
        return self.last < local_today(self.jurisdiction)

    def figure_params(self) -> dict[str, str]:
        return {"jurisdiction": self.jurisdiction, "from": self.first.isoformat(), "to": self.last.isoformat()}


def local_zone(jurisdiction: str) -> ZoneInfo:
    return LOCAL_TIME.get(jurisdiction, ZoneInfo(settings.TIME_ZONE))


def local_today(jurisdiction: str) -> date:
    return timezone.now().astimezone(local_zone(jurisdiction)).date()


def quarter_parse(raw: str | None, *, jurisdiction: str, field: str = "quarter") -> Period:
    """The quarter `raw` names, or ValidationFailed on `field`: malformed, before 2000, or not begun yet."""
    text = (raw or "").strip()
    match = _QUARTER.fullmatch(text)
    if not match:
        raise ValidationFailed(fields={field: [_("Enter a quarter as YYYY-Qn, for example 2026-Q3.")]})
    year, number = int(match.group(1)), int(match.group(2))
    _check_year(year, field)
    last_month = 3 * number
    period = Period("quarter", f"{year:04d}-Q{number}", date(year, last_month - 2, 1),
                    date(year, last_month, calendar.monthrange(year, last_month)[1]), jurisdiction)
    _check_begun(period, field)
    return period


def month_parse(raw: str | None, *, jurisdiction: str, field: str = "month") -> Period:
    """The month `raw` names (YYYY-MM), or ValidationFailed on `field`: malformed, before 2000, or not begun yet."""
    text = (raw or "").strip()
    match = _MONTH.fullmatch(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationFailed(fields={field: [_("Enter a month as YYYY-MM, for example 2026-10.")]})
    year, month = int(match.group(1)), int(match.group(2))
    _check_year(year, field)
    period = Period("month", f"{year:04d}-{month:02d}", date(year, month, 1),
                    date(year, month, calendar.monthrange(year, month)[1]), jurisdiction)
    _check_begun(period, field)
    return period


def _check_year(year: int, field: str) -> None:
    if year < EARLIEST_YEAR:
        raise ValidationFailed(fields={field: [_("Reports start in the year 2000.")]})


def _check_begun(period: Period, field: str) -> None:
    if period.first > local_today(period.jurisdiction):
        raise ValidationFailed(fields={field: [_("This period has not begun yet.")]})


def recent_quarters(jurisdiction: str, count: int = 8) -> list[str]:
    """The current quarter and the ones before it, newest first."""
    today = local_today(jurisdiction)
    index = today.year * 4 + (today.month - 1) // 3
    return [f"{i // 4:04d}-Q{i % 4 + 1}" for i in range(index, index - count, -1) if i // 4 >= EARLIEST_YEAR]


def recent_months(jurisdiction: str, count: int = 12) -> list[str]:
    """The current month and the ones before it, newest first."""
    today = local_today(jurisdiction)
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index, index - count, -1) if i // 12 >= EARLIEST_YEAR]
