"""The Finance Minister's weekly exchange rates (KMK), rupiah per unit, each valid for a dated range."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from lapak.compliance.models import ExchangeRate, Jurisdiction
from lapak.compliance.reference_services.common import (
    MAX_ROWS,
    RowErrors,
    check_text,
    describe_range,
    lock_jurisdictions,
    overlaps,
    reevaluate,
)
from lapak.core.audit.services import audit_append

_CURRENCY = re.compile(r"[A-Z]{3}")
_MAX_RATE = Decimal("99999999999999.9999")  # the column's 18 digits, 4 after the point


@dataclass(frozen=True)
class RateRow:
    currency: str
    idr_per_unit: Decimal
    valid_from: date
    valid_until: date
    source: str  # the KMK's number
    key: str = ""


def exchange_rates_check(rows: Sequence[RateRow]) -> RowErrors:
    """Each row's values, and that no two ranges of one currency share a day (in the rows or already stored)."""
    errors = RowErrors()
    if not rows:
        errors.add("", "rows", _("There are no rates."))
    if len(rows) > MAX_ROWS:
        errors.add("", "rows", _("At most %(limit)d rows.") % {"limit": MAX_ROWS})
        return errors
    good: list[RateRow] = []
    for row in rows:
        before = len(errors.fields)
        if not _CURRENCY.fullmatch(row.currency):
            errors.add(row.key, "currency", _("A currency is three capital letters (ISO 4217), e.g. USD."))
        elif row.currency == "IDR":
            errors.add(row.key, "currency", _("Rates are rupiah per unit of another currency."))
        if not row.idr_per_unit.is_finite() or row.idr_per_unit <= 0:
            errors.add(row.key, "idr_per_unit", _("A rate is more than zero."))
        elif row.idr_per_unit > _MAX_RATE or row.idr_per_unit.as_tuple().exponent < -4:
            errors.add(row.key, "idr_per_unit", _("At most 14 digits before the point and 4 after it."))
        if row.valid_until < row.valid_from:
            errors.add(row.key, "valid_until", _("The end date is before the start date."))
        check_text(errors, row.key, "source", row.source, limit=200)
        if len(errors.fields) == before:
            good.append(row)
    _check_overlaps(errors, good)
    return errors


def _check_overlaps(errors: RowErrors, rows: list[RateRow]) -> None:
    currencies = {row.currency for row in rows}
    stored = list(ExchangeRate.objects.filter(currency__in=currencies).order_by("valid_from"))
    accepted: list[RateRow] = []
    for row in rows:
        clash = next((r for r in stored if r.currency == row.currency
                      and overlaps(row.valid_from, row.valid_until, r.valid_from, r.valid_until)), None)
        if clash is not None:
            errors.add(row.key, "valid_from", _("%(currency)s already has a rate for %(range)s (%(source)s).")
                       % {"currency": row.currency, "range": describe_range(clash.valid_from, clash.valid_until),
                          "source": clash.source})
            continue
        earlier = next((r for r in accepted if r.currency == row.currency
                        and overlaps(row.valid_from, row.valid_until, r.valid_from, r.valid_until)), None)
        if earlier is not None:
            errors.add(row.key, "valid_from", _("The dates overlap %(where)s for %(currency)s.")
                       % {"where": earlier.key or _("another row"), "currency": row.currency})
            continue
        accepted.append(row)


def _rate_jurisdictions() -> list[str]:
    # KMK rates are rupiah per unit: they matter to the jurisdictions whose money is the rupiah.
    return list(Jurisdiction.objects.filter(currency="IDR").values_list("code", flat=True))


def exchange_rates_add(*, rows: Sequence[RateRow], actor: str, errors: RowErrors | None = None) -> list[ExchangeRate]:
    """Store every rate or none. Refused (ValidationFailed, one entry per bad row) when a rate is not more than
    zero, a currency is not three capital letters, a range ends before it starts, or one currency's ranges share
    a day with each other or with a stored rate. Writers queue on the rupiah jurisdictions' rows so two
    overlapping additions cannot both pass. Audited; listings are re-decided after the commit."""
    found = errors or RowErrors()
    with transaction.atomic():
        jurisdictions = _rate_jurisdictions()
        lock_jurisdictions(jurisdictions)
        found.merge(exchange_rates_check(rows))
        found.raise_if_any()
        created = ExchangeRate.objects.bulk_create(
            ExchangeRate(currency=row.currency, idr_per_unit=row.idr_per_unit, valid_from=row.valid_from,
                         valid_until=row.valid_until, source=row.source.strip(), created_by=actor) for row in rows)
        for row in rows:
            audit_append(actor=actor, action="compliance.rate.add", subject_type="exchange_rate",
                         subject_id=f"{row.currency}:{row.valid_from.isoformat()}",
                         after={"currency": row.currency, "idr_per_unit": row.idr_per_unit,
                                "valid_from": row.valid_from, "valid_until": row.valid_until,
                                "source": row.source.strip()})
        first = min(row.valid_from for row in rows)
        currencies = ", ".join(sorted({row.currency for row in rows}))
        reevaluate(jurisdictions=jurisdictions, actor=actor,
                   cause=f"exchange rates {currencies} from {first.isoformat()} added")
    return created
