"""`manage.py audit_seal`: seal waiting audit events now and sign a new tree head."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lapak.core.audit.key_registry import AuditKeyError
from lapak.core.audit.sealing import SEAL_BATCH_SIZE, AuditIntegrityError, audit_seal


class Command(BaseCommand):
    help = "Seal waiting audit events into the Merkle tree and sign a new tree head."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=SEAL_BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            raise CommandError(_("The batch size must be at least 1."))
        try:
            result = audit_seal(batch_size=options["batch_size"])
        except AuditIntegrityError as exc:
            raise CommandError(_("Sealing refused: %(reason)s. Run audit_verify.") % {"reason": exc}) from exc
        except AuditKeyError as exc:
            raise CommandError(_("Sealing refused: %(reason)s.") % {"reason": exc}) from exc
        self.stdout.write(
            _("Sealed %(sealed)d events; tree size %(size)d, root %(root)s.")
            % {"sealed": result["sealed"], "size": result["tree_size"], "root": result["root_hash"]}
        )
