"""Working days in a jurisdiction: weekdays that are not public holidays (the `holidays` package's calendar).

Deadlines counted in working days (ID-CON-1's return window, for one) end at the close of the last working day,
in the jurisdiction's local time, so "2 working days after delivery" means the buyer has all of those two days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

# Each jurisdiction's civil time for day boundaries (Indonesia has three zones; WIB is where most orders are,
# and a deadline at the end of a WIB day is later than at the end of a WITA or WIT one, never earlier).
LOCAL_TIME = {"ID": ZoneInfo("Asia/Jakarta"), "GB": ZoneInfo("Europe/London")}
SATURDAY = 5


@lru_cache(maxsize=64)
def _holidays(jurisdiction: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(jurisdiction, years=year).keys())


def is_working_day(day: date, *, jurisdiction: str = "ID") -> bool:
    return day.weekday() < SATURDAY and day not in _holidays(jurisdiction, day.year)


def working_days_after(day: date, count: int, *, jurisdiction: str = "ID") -> date:
    """The `count`-th working day after `day` (which itself never counts)."""
    if count < 1:
        raise ValueError("count is at least 1")
    current, seen = day, 0
    while seen < count:
        current += timedelta(days=1)
        seen += is_working_day(current, jurisdiction=jurisdiction)
    return current


def working_days_deadline(moment: datetime, count: int, *, jurisdiction: str = "ID") -> datetime:
    """The end (last microsecond, local time) of the `count`-th working day after the day `moment` falls on,
    returned as an aware datetime. A delivery on Friday 27 November 2026 with 2 working days ends on Tuesday
    1 December 23:59:59 WIB."""
    zone = LOCAL_TIME.get(jurisdiction, LOCAL_TIME["ID"])
    local_day = moment.astimezone(zone).date()
    last = working_days_after(local_day, count, jurisdiction=jurisdiction)
    return datetime.combine(last, time.max, tzinfo=zone)
