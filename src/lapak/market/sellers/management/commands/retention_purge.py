"""`manage.py retention_purge`: erase kept seller records whose retention date has passed (ID-REC-1)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lapak.market.sellers.services.retention import retention_purge


class Command(BaseCommand):
    help = (
        "Erase the personal data kept after deletion requests once each record's retain_until has passed "
        "(the daily job sellers.retention_purge does the same). Safe to stop and run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be erased.")

    def handle(self, *args: Any, batch_size: int, dry_run: bool, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        report = retention_purge(batch_size=batch_size, dry_run=dry_run)
        counts = report.as_dict()
        self.stdout.write("Retention purge" + (" (dry run, nothing changed)" if dry_run else "") + ":")
        for name in ("applications", "documents", "identity_claims", "transition_notes", "bank_accounts",
                     "consent_records", "batches"):
            self.stdout.write(f"  {name}: {counts[name]}")
