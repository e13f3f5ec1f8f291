"""Records a courier's cash-on-delivery remittance (ADR 0010) from its CSV, or from the sandbox courier.

    manage.py cod_remittance_import --courier kiriminaja --reference RMT-20261128 --date 2026-11-28 file.csv
    manage.py cod_remittance_import --sandbox --date 2026-11-28

The CSV has a header row with the columns `awb` (or `tracking_number`) and `amount` (whole rupiah); other
columns are ignored. Importing the same remittance again records nothing more. Mismatches are listed and kept
for operators; the exit status is 1 when there are any, so a scheduler notices.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lapak.core.errors import ValidationFailed
from lapak.market.payments.services.cod_remittance import cod_remittance_record
from lapak.market.payments.services.cod_sandbox import PROVIDER as SANDBOX
from lapak.market.payments.services.cod_sandbox import cod_sandbox_remittance_import
from lapak.market.shipping.cod import RemittanceLine


def read_remittance_csv(path: Path) -> list[RemittanceLine]:
    """The lines of a courier's remittance CSV; CommandError naming the first row it cannot read."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CommandError(f"cannot read {path}: {exc}") from exc
    lines = []
    for number, row in enumerate(rows, start=2):
        awb = (row.get("awb") or row.get("tracking_number") or "").strip()
        amount = (row.get("amount") or "").strip().replace(".", "").replace(",", "")
        if not awb or not amount.isdigit():
            raise CommandError(f"row {number}: needs an awb and a whole-rupiah amount")
        lines.append(RemittanceLine(tracking_number=awb, amount=int(amount)))
    return lines


class Command(BaseCommand):
    help = "Record a courier's cash-on-delivery remittance from a CSV file, or the sandbox courier's for a day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv", nargs="?", type=Path)
        parser.add_argument("--courier", default="", help="the courier or aggregator that remits, e.g. kiriminaja")
        parser.add_argument("--reference", default="", help="the remittance reference the courier gave")
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="remittance date, YYYY-MM-DD")
        parser.add_argument("--sandbox", action="store_true", help="ask the sandbox courier for its remittance")

    def handle(self, *args: object, **options: object) -> None:
        day = options["date"] or timezone.localdate()
        try:
            if options["sandbox"]:  # the same service as the daily job payments.cod_sandbox_remittance
                courier, remittance = SANDBOX, cod_sandbox_remittance_import(day=day)
                reference, result = remittance.reference, remittance.result
                if not remittance.lines:
                    self.stdout.write(f"{reference}: nothing to remit")
                    return
            else:
                if not options["csv"] or not options["courier"] or not options["reference"]:
                    raise CommandError("give the CSV file, --courier and --reference (or --sandbox)")
                courier, reference = str(options["courier"]), str(options["reference"])
                lines = read_remittance_csv(options["csv"])
                result = cod_remittance_record(provider=courier, reference=reference, remitted_on=day, lines=lines)
        except ValidationFailed as exc:
            raise CommandError(f"remittance refused: {exc.fields}") from exc
        self.stdout.write(f"{courier} {reference}: {result.matched} matched, {result.repeated} already recorded, "
                          f"{len(result.mismatches)} mismatches")
        for row in result.mismatches:
            self.stdout.write(f"  {row.tracking_number} {row.amount} {row.outcome} (expected {row.expected_amount})")
        if result.mismatches:
            raise SystemExit(1)
