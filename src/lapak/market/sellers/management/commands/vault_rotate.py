"""`manage.py vault_rotate`: re-encrypt every registered identity-vault field under the active key."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lapak.market.sellers.vault import key_ring, registered_fields, vault_rotate_field


class Command(BaseCommand):
    help = (
        "Re-encrypt identity-vault values that are not under the active key (the first of IDENTITY_VAULT_KEYS). "
        "Runs in short batches alongside normal traffic; safe to stop and run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be rotated.")

    def handle(self, *args: Any, batch_size: int, dry_run: bool, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        fields = registered_fields()
        if not fields:
            self.stdout.write("No encrypted fields are registered.")
            return
        self.stdout.write(f"Active key: {key_ring().active_id}{' (dry run)' if dry_run else ''}")
        for entry in fields:
            count = vault_rotate_field(entry, batch_size=batch_size, dry_run=dry_run)
            self.stdout.write(
                f"{count.label}: checked {count.checked}, stale {count.stale}, rotated {count.rotated}, "
                f"unreadable {count.unreadable}"
            )
