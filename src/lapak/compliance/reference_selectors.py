"""Reading reference data for the console and the API: the rows in force today and those still to come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone

from lapak.compliance.models import (
    CertificateRequirement,
    ExchangeRate,
    HolidayChange,
    HsListEntry,
    HsListVersion,
    Jurisdiction,
)
from lapak.core.errors import NotFound
from lapak.core.ids import is_public_id
from lapak.core.workdays import package_holidays

M = TypeVar("M", bound=Model)


def by_public_id(rows: QuerySet[M], public_id: str) -> M | None:
    """The row of `rows` with this public id; None when there is none or the id is malformed (checked first, so
    what a URL carries, a NUL byte say, never reaches the database)."""
    prefix = rows.model._meta.get_field("public_id").prefix
    return rows.filter(public_id=public_id).first() if is_public_id(public_id, prefix) else None


def _current_or_future(*, until: str = "effective_until") -> Q:
    return Q(**{f"{until}__isnull": True}) | Q(**{f"{until}__gte": timezone.localdate()})


def jurisdiction_codes(*, readable: list[str] | None) -> list[str]:
    """The jurisdictions a reader may filter by (None: every one)."""
    codes = list(Jurisdiction.objects.values_list("code", flat=True))
    return codes if readable is None else [c for c in codes if c in readable]


def hs_list_versions(*, jurisdictions: list[str] | None, include_past: bool = False) -> QuerySet[HsListVersion]:
    """Versions newest first, with their entry counts; drafts always, ended versions only with `include_past`."""
    rows = HsListVersion.objects.annotate(entry_count=Count("entries"))
    if jurisdictions is not None:
        rows = rows.filter(jurisdiction__in=jurisdictions)
    if not include_past:
        rows = rows.filter(_current_or_future())
    return rows.order_by("jurisdiction", "-effective_from", "-pk")


def hs_list_version(*, public_id: str, jurisdictions: list[str] | None) -> HsListVersion:
    version = by_public_id(hs_list_versions(jurisdictions=jurisdictions, include_past=True), public_id)
    if version is None:
        raise NotFound(code="hs_list_not_found")
    return version


def hs_list_entries(version: HsListVersion) -> QuerySet[HsListEntry]:
    return version.entries.order_by("hs_code")


def exchange_rates(*, currency: str = "", include_past: bool = False) -> QuerySet[ExchangeRate]:
    rows = ExchangeRate.objects.all()
    if currency:
        rows = rows.filter(currency=currency)
    if not include_past:
        rows = rows.filter(valid_until__gte=timezone.localdate())
    return rows.order_by("currency", "valid_from")


def certificate_requirements(*, jurisdictions: list[str] | None,
                             include_past: bool = False) -> QuerySet[CertificateRequirement]:
    rows = CertificateRequirement.objects.all()
    if jurisdictions is not None:
        rows = rows.filter(jurisdiction__in=jurisdictions)
    if not include_past:
        rows = rows.filter(_current_or_future())
    return rows.order_by("jurisdiction", "category_slug", "kind", "effective_from")


def certificate_requirement(*, public_id: str, jurisdictions: list[str] | None) -> CertificateRequirement:
    row = by_public_id(certificate_requirements(jurisdictions=jurisdictions, include_past=True), public_id)
    if row is None:
        raise NotFound(code="certificate_requirement_not_found")
    return row


def holiday_changes(*, jurisdictions: list[str] | None, year: int | None = None) -> QuerySet[HolidayChange]:
    rows = HolidayChange.objects.all()
    if jurisdictions is not None:
        rows = rows.filter(jurisdiction__in=jurisdictions)
    if year is not None:
        rows = rows.filter(day__year=year)
    return rows.order_by("jurisdiction", "day")


@dataclass(frozen=True)
class HolidayDay:
    day: date
    name: str
    origin: str  # "package", "added" (a collective leave day, …), "removed" (no longer a holiday)
    change: HolidayChange | None = None


def year_holidays(*, jurisdiction: str, year: int) -> list[HolidayDay]:
    """The year's calendar as the deadlines count it: the package's holidays, the days added, and (marked) the
    package's days that a change removed."""
    days = {day: HolidayDay(day, name, "package") for day, name in package_holidays(jurisdiction, year).items()}
    for change in holiday_changes(jurisdictions=[jurisdiction], year=year):
        origin = "added" if change.is_holiday else "removed"
        days[change.day] = HolidayDay(change.day, change.name, origin, change)
    return [days[day] for day in sorted(days)]
