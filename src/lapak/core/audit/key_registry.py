"""Which public keys sign the audit log's tree heads.

The `PublicKey` table lists every key that has signed heads, by key id. Exactly one key is active at a
time and only it signs: a retired key, or a key the table does not know while another is active, is
refused by the sealer (so a worker still running with the old key, or started with a stray key, stops
sealing instead of forking the signatures). A new key enters only through `signing_key_rotate`, except
on a log with no active key yet (a fresh install, or a database from before the table existed), where
the sealer's first use registers it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from lapak.core.audit.keys import SigningKey
from lapak.core.audit.lock_objects import seal_state_for_update
from lapak.core.audit.models import PublicKey, TreeHead


class AuditKeyError(RuntimeError):
    """The signing key may not sign: it was retired, or another key is the active one."""


def signing_key_register(key: SigningKey) -> PublicKey:
    """Make sure `key` is the active signing key, registering it on first use if no key is active yet.

    Guarantees: runs under the sealer's lock, so two processes registering at once end with one row (the
    unique key id and the one-active-key index back this up in the database). Raises AuditKeyError if the
    key is retired or another key is active; nothing is written then.
    """
    with transaction.atomic():
        seal_state_for_update()
        row = PublicKey.objects.filter(key_id=key.key_id).first()
        if row is None:
            active = PublicKey.objects.filter(retired_at__isnull=True).first()
            if active is not None:
                raise AuditKeyError(
                    f"the configured audit signing key {key.key_id} is not the active key ({active.key_id}); "
                    "a new key is brought in with `manage.py audit_key_rotate`"
                )
            row, _ = PublicKey.objects.get_or_create(
                key_id=key.key_id,
                defaults={"public_key": key.public_raw.hex(), "first_used_at": _first_signed_at(key.key_id)},
            )
        if row.public_raw != key.public_raw:
            raise AuditKeyError(f"the registered public key {key.key_id} is not the configured key's public key")
        if row.retired_at is not None:
            raise AuditKeyError(
                f"the configured audit signing key {key.key_id} was retired at {row.retired_at.isoformat()}; "
                "set AUDIT_SIGNING_KEY to the key audit_key_rotate gave and restart"
            )
        return row


def signing_key_record_legacy(key: SigningKey) -> None:
    """Register `key` if heads signed by it exist but the table does not list it yet (a database from before
    the table existed, rotated before its first seal): active if no key is, retired otherwise. Call under
    the sealer's lock.
    """
    if PublicKey.objects.filter(key_id=key.key_id).exists() or not TreeHead.objects.filter(key_id=key.key_id).exists():
        return
    another_active = PublicKey.objects.filter(retired_at__isnull=True).exists()
    PublicKey.objects.create(
        key_id=key.key_id,
        public_key=key.public_raw.hex(),
        first_used_at=_first_signed_at(key.key_id),
        retired_at=timezone.now() if another_active else None,
    )


def registered_public_key(key_id: str) -> bytes | None:
    """The raw public key registered under `key_id`; None if unknown or its stored value is malformed."""
    row = PublicKey.objects.filter(key_id=key_id).first()
    return row.public_raw if row else None


def _first_signed_at(key_id: str) -> datetime:
    # A database from before the table existed already holds heads by this key: date it from the first.
    first = TreeHead.objects.filter(key_id=key_id).order_by("tree_size").first()
    return first.timestamp if first else timezone.now()
