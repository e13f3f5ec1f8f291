"""What the money and service figures share: the jurisdiction's months and the saturating sets of people."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from lapak.oversight.figures.base import FigureQuery
from lapak.oversight.months import local_zone as zone_for
from lapak.oversight.months import month_of, next_month  # noqa: F401 (re-exported)
from lapak.oversight.people import saturate  # noqa: F401 (re-exported)
from lapak.oversight.privacy import SUPPRESSION_THRESHOLD

SATURATED = SUPPRESSION_THRESHOLD  # a set of this many ids is full: "at least 10"


def query_span(query: FigureQuery) -> tuple[date, date, datetime, datetime]:
    """(first month, last month, since, until) of a query: whole months, from the month of `date_from` through the
    month of `date_to`, as local midnights [since, until) for the source tables."""
    zone = zone_for(query.jurisdiction)
    first, last = query.date_from.replace(day=1), query.date_to.replace(day=1)
    since = datetime.combine(first, time.min, tzinfo=zone)
    until = datetime.combine(next_month(last), time.min, tzinfo=zone)
    return first, last, since, until


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
