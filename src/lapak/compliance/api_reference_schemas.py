"""Request and response shapes of /api/v1/compliance/reference/… (api_reference.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from lapak.compliance.reference_services import MAX_ROWS
from lapak.core.schemas import StrictSchema


class HsEntryIn(StrictSchema):
    hs_code: str = Field(..., max_length=20, description="Eight digits; dots are allowed and dropped (4901.10.00).")
    description: str = Field("", max_length=200)


class HsVersionIn(StrictSchema):
    jurisdiction: str = Field(..., max_length=2, examples=["ID"])
    label: str = Field(..., max_length=80)
    source: str = Field(..., max_length=200, description="The regulation the codes come from.")
    effective_from: date
    effective_until: date | None = Field(None, description="Inclusive; empty for open-ended.")
    rows: list[HsEntryIn] = Field(..., max_length=MAX_ROWS)


class HsImportQuery(Schema):
    jurisdiction: str = Field(..., max_length=2)
    label: str = Field(..., max_length=80)
    source: str = Field("", max_length=200, description="Empty: the single value of the file's `source` column.")
    effective_from: date
    effective_until: date | None = None


class HsEntryOut(Schema):
    hs_code: str
    description: str


class HsVersionOut(Schema):
    id: str
    jurisdiction: str
    label: str
    source: str
    status: str
    effective_from: date
    effective_until: date | None
    entry_count: int
    created_by: str
    created_at: datetime


class HsVersionDetailOut(HsVersionOut):
    entries: list[HsEntryOut]


class RateIn(StrictSchema):
    currency: str = Field(..., max_length=3, examples=["USD"])
    idr_per_unit: Decimal = Field(..., description="Rupiah per unit, more than zero, at most 4 decimals.")
    valid_from: date
    valid_until: date = Field(..., description="Inclusive.")
    source: str = Field(..., max_length=200, description="The KMK's number.")


class RatesIn(StrictSchema):
    rows: list[RateIn] = Field(..., min_length=1, max_length=MAX_ROWS)


class RateOut(Schema):
    id: str
    currency: str
    idr_per_unit: str
    valid_from: date
    valid_until: date
    source: str


class CertificateIn(StrictSchema):
    jurisdiction: str = Field(..., max_length=2)
    category_slug: str = Field(..., max_length=80)
    kind: str = Field(..., max_length=8, description="sni, bpom or halal.")
    effective_from: date
    effective_until: date | None = None
    source: str = Field("", max_length=200)


class CertificatesIn(StrictSchema):
    rows: list[CertificateIn] = Field(..., min_length=1, max_length=MAX_ROWS)


class CertificateEndIn(StrictSchema):
    effective_until: date = Field(..., description="The last day the requirement is in force.")


class CertificateOut(Schema):
    id: str
    jurisdiction: str
    category_slug: str
    kind: str
    effective_from: date
    effective_until: date | None
    source: str


class HolidayChangeIn(StrictSchema):
    jurisdiction: str = Field(..., max_length=2)
    day: date
    change: str = Field(..., pattern="^(add|remove)$", description="add: a holiday (cuti bersama); remove: not one.")
    name: str = Field(..., max_length=120)
    source: str = Field("", max_length=200)


class HolidayChangesIn(StrictSchema):
    rows: list[HolidayChangeIn] = Field(..., min_length=1, max_length=MAX_ROWS)


class HolidayDayOut(Schema):
    day: date
    name: str
    origin: str = Field(..., description="package (the `holidays` calendar), added or removed (a change).")
    change_id: str | None


class HolidayChangeOut(Schema):
    id: str
    jurisdiction: str
    day: date
    is_holiday: bool
    name: str
    source: str


class ImportedOut(Schema):
    imported: int
