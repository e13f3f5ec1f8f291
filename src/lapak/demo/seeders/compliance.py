"""The compliance engine's reference data for the demo, and refusals to look at.

- Before the catalogue: the illustrative KMK rates and positive list shipped in compliance/data/reference/ are
  imported through the same services an operator's CSV upload uses (and the list activated). They are marked
  illustrative in their source column; if no shipped rate covers today (a demo run after 2026), this week's
  rate is carried forward from the last one, again marked illustrative.
- After the catalogue (`refusals_seed`): the demo shop submits two direct cross-border listings the Indonesian
  pack refuses (compliance_refusals.py), so the seller centre shows the engine's explanations in both languages.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from lapak.compliance.models import ExchangeRate, HsListVersion, VersionStatus
from lapak.compliance.reference_csv import exchange_rates_import, hs_list_import
from lapak.compliance.reference_services.hs_list import hs_list_version_activate
from lapak.compliance.reference_services.rates import RateRow, exchange_rates_add
from lapak.demo.seeders.base import SeedContext

ACTOR = "system:demo"
REFERENCE = Path(__file__).resolve().parents[2] / "compliance" / "data" / "reference"
ILLUSTRATIVE = "illustrative demo rate, not a KMK"
POSITIVE_LIST_LABEL = "Kepmendag 1998/2023 (illustrative)"
LIST_FROM = "2023-09-26"


def seed(ctx: SeedContext) -> dict[str, object]:
    report: dict[str, object] = {}
    if not ExchangeRate.objects.exists():
        report["rates_imported"] = len(exchange_rates_import(
            data=(REFERENCE / "kmk_rates_2026_illustrative.csv").read_bytes(), actor=ACTOR))
    report["rates_carried_forward"] = _carry_rates_forward()
    if not HsListVersion.objects.filter(jurisdiction="ID").exists():
        with transaction.atomic():
            version = hs_list_import(
                data=(REFERENCE / "positive_list_ID_illustrative.csv").read_bytes(), jurisdiction="ID",
                label=POSITIVE_LIST_LABEL, source="", effective_from=date.fromisoformat(LIST_FROM),
                actor=ACTOR)
            hs_list_version_activate(public_id=version.public_id, actor=ACTOR)
        report["positive_list_codes"] = version.entries.count()
    report["positive_list_active"] = HsListVersion.objects.filter(status=VersionStatus.ACTIVE).count()
    return report


def _carry_rates_forward() -> int:
    """Add an illustrative rate for each currency whose rates stop before today (one week at a time)."""
    today, added = timezone.localdate(), 0
    for currency in ExchangeRate.objects.values_list("currency", flat=True).distinct():
        last = ExchangeRate.objects.filter(currency=currency).order_by("-valid_until").first()
        rows = []
        start = last.valid_until + timedelta(days=1)
        while start <= today + timedelta(days=7):
            rows.append(RateRow(currency, last.idr_per_unit, start, start + timedelta(days=6), ILLUSTRATIVE))
            start += timedelta(days=7)
        if rows:
            exchange_rates_add(rows=rows, actor=ACTOR)
            added += len(rows)
    return added
