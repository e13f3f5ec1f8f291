"""Imports a reference table from a CSV file, all rows or none (lapak.compliance.reference_csv).

    manage.py compliance_import hs-list FILE --jurisdiction ID --label "2026-H1" --effective-from 2026-01-01 \
        [--source "Kepmendag …"] [--effective-until 2026-06-30] [--activate]
    manage.py compliance_import rates FILE
    manage.py compliance_import certificates FILE --jurisdiction ID
    manage.py compliance_import holidays FILE --jurisdiction ID
    manage.py compliance_import samples        # the illustrative files in compliance/data/reference, once

Every bad row is listed with its row number and column, and nothing is written; the exit status is then 1.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lapak.compliance import reference_csv as imports
from lapak.compliance.models import ExchangeRate, HsListVersion
from lapak.compliance.reference_services import hs_list_version_activate
from lapak.core.errors import LapakError

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "reference"
SAMPLE_POSITIVE_LIST = SAMPLES / "positive_list_ID_illustrative.csv"
SAMPLE_RATES = SAMPLES / "kmk_rates_2026_illustrative.csv"
SAMPLE_LABEL = "Illustrative positive list"
SAMPLE_FROM = date(2023, 9, 26)  # the day Permendag 31/2023 came into force; illustrative like the codes


def samples_load(*, actor: str) -> list[str]:
    """The illustrative positive list (activated) and KMK rates for 2026, each unless already there."""
    done = []
    if not HsListVersion.objects.filter(jurisdiction="ID", label=SAMPLE_LABEL).exists():
        version = imports.hs_list_import(data=SAMPLE_POSITIVE_LIST.read_bytes(), jurisdiction="ID",
                                         label=SAMPLE_LABEL, source="", effective_from=SAMPLE_FROM, actor=actor)
        hs_list_version_activate(public_id=version.public_id, actor=actor)
        done.append(f"positive list {version.label}: {version.entries.count()} codes, active")
    if not ExchangeRate.objects.filter(source="illustrative demo rate, not a KMK").exists():
        rates = imports.exchange_rates_import(data=SAMPLE_RATES.read_bytes(), actor=actor)
        done.append(f"exchange rates: {len(rates)}")
    return done


class Command(BaseCommand):
    help = "Import a compliance reference table (hs-list, rates, certificates, holidays) from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("table", choices=["hs-list", "rates", "certificates", "holidays", "samples"])
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--jurisdiction", default="ID")
        parser.add_argument("--label", default="")
        parser.add_argument("--source", default="")
        parser.add_argument("--effective-from", type=date.fromisoformat)
        parser.add_argument("--effective-until", type=date.fromisoformat)
        parser.add_argument("--activate", action="store_true", help="hs-list: put the new version in force")
        parser.add_argument("--actor", default="system:compliance_import")

    def handle(self, *args: object, **options: object) -> None:
        table, actor = options["table"], options["actor"]
        try:
            if table == "samples":
                for line in samples_load(actor=actor) or ["the samples were already imported"]:
                    self.stdout.write(line)
                return
            self.stdout.write(self._import(table, self._read(options["file"]), options))
        except LapakError as exc:
            for path, messages in sorted(exc.fields.items(), key=lambda item: _row_order(item[0])):
                for message in messages:
                    self.stderr.write(f"{path}: {message}")
            raise CommandError(str(exc.message)) from exc

    def _read(self, path: Path | None) -> bytes:
        if path is None:
            raise CommandError("give the CSV file to import")
        try:
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc

    def _import(self, table: str, data: bytes, options: dict) -> str:
        jurisdiction, actor = options["jurisdiction"], options["actor"]
        if table == "rates":
            return f"{len(imports.exchange_rates_import(data=data, actor=actor))} exchange rates imported"
        if table == "certificates":
            rows = imports.certificate_requirements_import(data=data, jurisdiction=jurisdiction, actor=actor)
            return f"{len(rows)} certificate requirements imported"
        if table == "holidays":
            rows = imports.holiday_changes_import(data=data, jurisdiction=jurisdiction, actor=actor)
            return f"{len(rows)} holiday changes imported"
        if options["effective_from"] is None or not options["label"]:
            raise CommandError("hs-list needs --label and --effective-from")
        version = imports.hs_list_import(
            data=data, jurisdiction=jurisdiction, label=options["label"], source=options["source"],
            effective_from=options["effective_from"], effective_until=options["effective_until"], actor=actor)
        if options["activate"]:
            hs_list_version_activate(public_id=version.public_id, actor=actor)
        state = "active" if options["activate"] else "draft"
        return f"positive list version {version.public_id} ({version.label}): {version.entries.count()} codes, {state}"


def _row_order(path: str) -> tuple[int, str]:
    parts = path.split(".")
    return (int(parts[1]), path) if len(parts) > 2 and parts[1].isdigit() else (0, path)
