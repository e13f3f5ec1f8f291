"""`manage.py audit_verify`: recompute the audit log and check every signed tree head.

Exits non-zero, naming the first damaged event or tree head, if anything was changed.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lapak.core.audit.verification import audit_log_verify

SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = "Verify the audit log: leaf hashes, leaf index continuity, tree head roots and signatures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--public-key",
            action="append",
            default=[],
            help=(
                "Base64 of a raw Ed25519 public key to trust; repeat for each key of a rotated log. Given, only "
                "these keys are trusted (default: the registered audit signing keys and the configured key)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        public_keys = []
        for text in options["public_key"]:
            try:
                public_key = base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise CommandError(_("The public key is not valid base64.")) from exc
            if len(public_key) != 32:
                raise CommandError(_("The public key must be 32 bytes."))
            public_keys.append(public_key)
        report = audit_log_verify(public_keys=public_keys)
        if report.ok:
            self.stdout.write(
                _(
                    "OK: %(sealed)d sealed events, %(unsealed)d waiting, %(heads)d signed tree heads; "
                    "latest tree size %(size)d, root %(root)s."
                )
                % {
                    "sealed": report.sealed,
                    "unsealed": report.unsealed,
                    "heads": report.tree_heads,
                    "size": report.tree_size,
                    "root": report.root_hash,
                }
            )
            return
        for problem in report.problems[:SHOWN_PROBLEMS]:
            self.stderr.write(problem.message)
        if len(report.problems) > SHOWN_PROBLEMS:
            self.stderr.write(_("… and %(more)d more.") % {"more": len(report.problems) - SHOWN_PROBLEMS})
        raise CommandError(
            _("Audit log verification FAILED (%(count)d problems). First: %(first)s")
            % {"count": len(report.problems), "first": report.problems[0].message}
        )
