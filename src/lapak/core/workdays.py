"""Working days in a jurisdiction: weekdays that are not public holidays (the `holidays` package's calendar).

Deadlines counted in working days (ID-CON-1's return window, for one) end at the close of the last working day,
in the jurisdiction's local time, so "2 working days after delivery" means the buyer has all of those two days.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.core.cache import cache
from django.db import transaction

# Each jurisdiction's civil time for day boundaries (Indonesia has three zones; WIB is where most orders are,
# and a deadline at the end of a WIB day is later than at the end of a WITA or WIT one, never earlier).
LOCAL_TIME = {"ID": ZoneInfo("Asia/Jakarta"), "GB": ZoneInfo("Europe/London")}
SATURDAY = 5


# Corrections to the package's calendar (collective leave days added, a day moved) are kept by whoever registers
# here at start-up (lapak.compliance): core never imports them. The provider answers {day: is_holiday}.
HolidayChangesProvider = Callable[[str, int], Mapping[date, bool]]
_provider: list[HolidayChangesProvider] = []
# Every process keeps its own calendars; a generation token in the shared cache tells them all when a correction
# was saved anywhere, so none keeps counting a day that has become a holiday.
_GENERATION_KEY = "workdays:holiday-generation"


def set_holiday_changes_provider(provider: HolidayChangesProvider | None) -> None:
    """Register (or, with None, remove) the source of calendar corrections; cached calendars are dropped."""
    _provider[:] = [provider] if provider is not None else []
    _calendar.cache_clear()


def holiday_changes_saved() -> None:
    """Call when a correction is saved: calendars are recomputed now and, in every process, after the commit."""

    def forget() -> None:
        _calendar.cache_clear()
        cache.set(_GENERATION_KEY, uuid.uuid4().hex, None)

    forget()
    transaction.on_commit(forget)


def _generation() -> str:
    token = cache.get(_GENERATION_KEY)
    if token is None:  # never set, or the cache was emptied: start a fresh generation rather than trust old ones
        cache.add(_GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(_GENERATION_KEY) or ""
    return token


@lru_cache(maxsize=64)
def _calendar(jurisdiction: str, year: int, generation: str) -> frozenset[date]:
    days = set(holidays.country_holidays(jurisdiction, years=year).keys())
    for provider in _provider:
        for day, is_holiday in provider(jurisdiction, year).items():
            (days.add if is_holiday else days.discard)(day)
    return frozenset(days)


def public_holidays(jurisdiction: str, year: int) -> frozenset[date]:
    """The year's public holidays: the `holidays` package's calendar with the registered corrections applied."""
    return _calendar(jurisdiction, year, _generation())


def package_holidays(jurisdiction: str, year: int) -> dict[date, str]:
    """The `holidays` package's own calendar for the year, with each day's name (for pages that show it)."""
    return dict(holidays.country_holidays(jurisdiction, years=year))


def is_working_day(day: date, *, jurisdiction: str = "ID") -> bool:
    return day.weekday() < SATURDAY and day not in public_holidays(jurisdiction, day.year)


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
