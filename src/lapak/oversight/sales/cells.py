"""Small shared pieces of the sellers and sales rollups: local months, saturating sets of people, labels."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.formats import number_format

from lapak.core.workdays import LOCAL_TIME
from lapak.oversight.sales.models import PEOPLE_CAP
from lapak.regions.selectors import provinces


def local_zone(jurisdiction: str) -> tzinfo:
    """The jurisdiction's civil time zone, which decides which month (or day) a moment falls in."""
    return LOCAL_TIME.get(jurisdiction) or ZoneInfo(settings.TIME_ZONE)


def month_of(moment: datetime, jurisdiction: str) -> date:
    return moment.astimezone(local_zone(jurisdiction)).date().replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_span(date_from: date, date_to: date) -> tuple[date, date]:
    """The first and the last month a date range touches (sales figures count whole months)."""
    return date_from.replace(day=1), date_to.replace(day=1)


def local_midnight(day: date, jurisdiction: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_zone(jurisdiction))


def saturate(current: Iterable[int], more: Iterable[int]) -> list[int]:
    """The union of two id sets, as a sorted list of at most PEOPLE_CAP ids; a full set stays as it is (it
    already says "at least PEOPLE_CAP")."""
    current = list(current)
    if len(current) >= PEOPLE_CAP:
        return current
    return sorted(set(current) | set(more))[:PEOPLE_CAP]


def people_at_least(sets: Iterable[Iterable[int]]) -> int:
    """How many distinct people stand behind cells with these saturating sets, capped at PEOPLE_CAP: exact below
    the cap (the small sets are complete), PEOPLE_CAP when any set is full or the union reaches it."""
    union: set[int] = set()
    for ids in sets:
        ids = list(ids)
        if len(ids) >= PEOPLE_CAP:
            return PEOPLE_CAP
        union.update(ids)
        if len(union) >= PEOPLE_CAP:
            return PEOPLE_CAP
    return len(union)


def province_names() -> dict[str, str]:
    """Two-digit province code -> name (lapak.regions)."""
    return dict(provinces().values_list("code", "name"))


def month_label(month: date) -> str:
    return month.strftime("%Y-%m")


def percent(part: int, whole: int) -> str:
    """part / whole as a percentage with one decimal, rounded half up, in the active language's format."""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(value, decimal_pos=1) + " %"
