"""Small shared pieces of the sellers and sales rollups: local months, saturating sets of people, labels."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

from lapak.oversight.months import local_midnight, local_zone, month_of, next_month  # noqa: F401 (re-exported)
from lapak.oversight.people import people_at_least, saturate  # noqa: F401 (re-exported)
from lapak.regions.selectors import provinces


def month_span(date_from: date, date_to: date) -> tuple[date, date]:
    """The first and the last month a date range touches (sales figures count whole months)."""
    return date_from.replace(day=1), date_to.replace(day=1)


def province_names() -> dict[str, str]:
    """Two-digit province code -> name (lapak.regions)."""
    return dict(provinces().values_list("code", "name"))


def month_label(month: date) -> str:
    return month.strftime("%Y-%m")


def percent(part: int, whole: int) -> str:
    """part / whole as a percentage with one decimal, rounded half up, in the active language's format."""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(value, decimal_pos=1) + " %"
