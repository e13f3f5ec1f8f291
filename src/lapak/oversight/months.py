"""Months in a jurisdiction's civil time: the key of every monthly rollup cell and the span of a figure's query."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from django.conf import settings

from lapak.core.workdays import LOCAL_TIME


def local_zone(jurisdiction: str) -> tzinfo:
    """The jurisdiction's civil time zone, which decides which month (or day) a moment falls in."""
    return LOCAL_TIME.get(jurisdiction) or ZoneInfo(settings.TIME_ZONE)


def month_of(moment: datetime, jurisdiction: str) -> date:
    """The first day of the month `moment` falls in, in the jurisdiction's local time."""
    return moment.astimezone(local_zone(jurisdiction)).date().replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def local_midnight(day: date, jurisdiction: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_zone(jurisdiction))
