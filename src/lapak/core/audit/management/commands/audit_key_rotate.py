"""`manage.py audit_key_rotate`: bring in a new audit signing key and sign a tree head with it.

With DEBUG on and no `AUDIT_SIGNING_KEY`, the new key replaces the development key file and the old
file is kept as `<file>.<old key id>.retired`. Otherwise no file is written: the new private key is
printed once, and the operator sets `AUDIT_SIGNING_KEY` to it and restarts every process (until then
they refuse to seal, since their key is retired). See ADR 0004.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lapak.core.audit.key_registry import AuditKeyError
from lapak.core.audit.keys import key_file_install, key_file_stage, signing_key, signing_key_generate
from lapak.core.audit.rotation import signing_key_rotate
from lapak.core.audit.sealing import AuditIntegrityError


class Command(BaseCommand):
    help = "Rotate the audit signing key: retire the current key, activate a new one and sign a tree head with it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--actor", default="system", help="Who rotates, as recorded in the audit event (a user's public id)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        writes_file = bool(settings.DEBUG) and not settings.AUDIT_SIGNING_KEY
        current = signing_key()
        new_key, encoded = signing_key_generate()
        path = Path(settings.AUDIT_SIGNING_KEY_FILE)
        # In DEBUG the new key is on disk before the database names it, so a crash cannot lose it.
        staged = key_file_stage(path, encoded) if writes_file else None
        try:
            result = signing_key_rotate(new_key=new_key, current_key=current, actor=options["actor"])
        except BaseException as exc:
            if staged is not None:
                staged.unlink(missing_ok=True)  # the rotation rolled back; the old key stays in use
            if isinstance(exc, AuditIntegrityError | AuditKeyError):
                raise CommandError(_("Rotation refused, nothing changed: %(reason)s.") % {"reason": exc}) from exc
            raise
        if staged is not None:
            retired = path.with_name(f"{path.name}.{current.key_id}.retired")
            key_file_install(staged, path, retired)
            self.stdout.write(
                _("Wrote the new key to %(path)s; the old key is kept in %(retired)s.")
                % {"path": path, "retired": retired}
            )
        else:
            self.stdout.write(
                _(
                    "DEBUG is off or AUDIT_SIGNING_KEY is set, so no key file is written. The new private key is "
                    "shown once, below: store it as a secret, set AUDIT_SIGNING_KEY to it for every web and "
                    "worker process, and restart them. Until then they refuse to seal: their key is retired."
                )
            )
            self.stdout.write(f"AUDIT_SIGNING_KEY={encoded}")
        self.stdout.write(
            _(
                "Key %(new)s is now the audit signing key (retired: %(old)s). Tree head of size %(size)d, signed "
                "by it, extends the head of size %(previous)d."
            )
            % {
                "new": result["key_id"],
                "old": ", ".join(result["retired_key_ids"]) or "-",
                "size": result["tree_size"],
                "previous": result["previous_tree_size"],
            }
        )
