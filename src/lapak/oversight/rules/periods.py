"""Calendar months in a jurisdiction's time zone, and the saturating sets of people behind rollup cells."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from lapak.compliance.selectors_oversight import MonthSpan, jurisdiction_time_zone

SATURATION = 10  # privacy.SUPPRESSION_THRESHOLD: a set that reaches it need not grow


def month_of(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date().replace(day=1)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def months_between(date_from: date, date_to: date, zone_name: str) -> list[MonthSpan]:
    """Every calendar month the range touches, as (first day, start, end) in the zone: figures are monthly, so a
    range is widened to whole months."""
    zone, spans, month = ZoneInfo(zone_name), [], date_from.replace(day=1)
    while month <= date_to:
        following = next_month(month)
        spans.append((month, datetime.combine(month, time(), zone), datetime.combine(following, time(), zone)))
        month = following
    return spans


class Zones(dict):
    """jurisdiction -> its ZoneInfo, read once per refresh."""

    def __missing__(self, code: str) -> ZoneInfo:
        zone = self[code] = ZoneInfo(jurisdiction_time_zone(code))
        return zone


def people_merge(current: list[str], new: Iterable[str]) -> list[str]:
    """A saturating set: add the new parties until it holds SATURATION, then stop."""
    if len(current) >= SATURATION:
        return current
    known = set(current)
    added = sorted({person for person in new if person and person not in known})
    return current + added[: SATURATION - len(current)]


def people_at_least(sets: Iterable[Iterable[str]]) -> int:
    """How many distinct parties stand behind cells grouped into one row, capped at SATURATION: exact below it
    (the union of unsaturated sets is complete), SATURATION when any set is full."""
    union: set[str] = set()
    for people in sets:
        people = list(people)
        if len(people) >= SATURATION:
            return SATURATION
        union.update(people)
    return min(len(union), SATURATION)
