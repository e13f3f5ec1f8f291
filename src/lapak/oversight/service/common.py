"""What the money and service figures share: the jurisdiction's months and the saturating sets of people."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from django.conf import settings

from lapak.core.workdays import LOCAL_TIME
from lapak.oversight.figures.base import FigureQuery
from lapak.oversight.privacy import SUPPRESSION_THRESHOLD

SATURATED = SUPPRESSION_THRESHOLD  # a set of this many ids is full: "at least 10"


def zone_for(jurisdiction: str) -> tzinfo:
    return LOCAL_TIME.get(jurisdiction) or ZoneInfo(settings.TIME_ZONE)


def month_of(moment: datetime, jurisdiction: str) -> date:
    """The first day of the month `moment` falls in, in the jurisdiction's local time (a rollup cell's key)."""
    return moment.astimezone(zone_for(jurisdiction)).date().replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def query_span(query: FigureQuery) -> tuple[date, date, datetime, datetime]:
    """(first month, last month, since, until) of a query: whole months, from the month of `date_from` through the
    month of `date_to`, as local midnights [since, until) for the source tables."""
    zone = zone_for(query.jurisdiction)
    first, last = query.date_from.replace(day=1), query.date_to.replace(day=1)
    since = datetime.combine(first, time.min, tzinfo=zone)
    until = datetime.combine(next_month(last), time.min, tzinfo=zone)
    return first, last, since, until


def saturate(current: list[int], new: Iterable[int]) -> list[int]:
    """`current` with the ids of `new` it lacks, until it holds SATURATED ids."""
    result = list(current)
    seen = set(result)
    for person in new:
        if len(result) >= SATURATED:
            break
        if person not in seen:
            seen.add(person)
            result.append(person)
    return result


def people(sets: Iterable[list[int]]) -> int:
    """How many distinct people stand behind cells with these saturating sets, capped at SATURATED."""
    union: set[int] = set()
    for ids in sets:
        if len(ids) >= SATURATED:
            return SATURATED
        union.update(ids)
    return min(len(union), SATURATED)


def capped(count: int | None) -> int:
    """An exact count of people as the rollups know it: at most SATURATED."""
    return min(count or 0, SATURATED)


def month_label(day: date | None) -> str:
    return day.strftime("%Y-%m") if day else ""
