"""Calendar months in a jurisdiction's time zone, and the saturating sets of people behind rollup cells."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from lapak.compliance.selectors_oversight import MonthSpan, jurisdiction_time_zone
from lapak.oversight.months import next_month
from lapak.oversight.people import people_at_least  # noqa: F401 (re-exported)
from lapak.oversight.people import saturate as people_merge  # noqa: F401 (re-exported)

SATURATION = 10  # privacy.SUPPRESSION_THRESHOLD: a set that reaches it need not grow


def month_of(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date().replace(day=1)


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
