"""Rotating the key that signs tree heads.

`signing_key_rotate` retires every active key, registers the new one, records the rotation as an audit
event and seals it with the new key, all in one transaction under the sealer's lock. The new head is
signed by the new key and extends the last head signed by the old one, so `consistency_proof(old size,
new size)` proves the hand-over; `audit_verify` checks each head with the key its key id names. Storing
the new private key (the key file, or `AUDIT_SIGNING_KEY`) is the caller's part: `manage.py
audit_key_rotate`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from lapak.core.audit.key_registry import AuditKeyError, signing_key_record_legacy
from lapak.core.audit.keys import SigningKey
from lapak.core.audit.lock_objects import seal_state_for_update
from lapak.core.audit.models import PublicKey, TreeHead
from lapak.core.audit.sealing import audit_seal
from lapak.core.audit.services import audit_append

ROTATION_ACTION = "audit.signing_key_rotate"


def signing_key_rotate(*, new_key: SigningKey, current_key: SigningKey | None, actor: str = "system") -> dict[str, Any]:
    """Make `new_key` the one active signing key and sign a head with it over everything appended so far.

    Guarantees: all or nothing, in one transaction holding the sealer's lock, so no seal runs in between;
    afterwards `new_key` is the only unretired key, every earlier key is retired (their heads stay
    verifiable), and the newest head is signed by `new_key` and extends the previous head, which was
    checked with its own key first. `current_key` (the configured key) is registered as retired if heads
    signed by it are not yet in the table. Raises AuditIntegrityError, changing nothing, if the log
    cannot be extended, and AuditKeyError if `new_key` was registered before.
    """
    with transaction.atomic():
        seal_state_for_update()
        if PublicKey.objects.filter(key_id=new_key.key_id).exists():
            raise AuditKeyError(f"the key {new_key.key_id} has been registered before; rotate to a fresh key")
        if current_key is not None:
            signing_key_record_legacy(current_key)
        now = timezone.now()
        active = PublicKey.objects.filter(retired_at__isnull=True)
        retired = list(active.values_list("key_id", flat=True))
        active.update(retired_at=now)
        PublicKey.objects.create(key_id=new_key.key_id, public_key=new_key.public_raw.hex(), first_used_at=now)
        previous = TreeHead.objects.order_by("-tree_size").first()
        audit_append(
            actor=actor,
            action=ROTATION_ACTION,
            subject_type="audit_signing_key",
            subject_id=new_key.key_id,
            before={"active_key_ids": retired},
            after={"active_key_id": new_key.key_id},
        )
        sealed = audit_seal(key=new_key)
    return {
        "key_id": new_key.key_id,
        "retired_key_ids": retired,
        "previous_tree_size": previous.tree_size if previous else 0,
        "previous_key_id": previous.key_id if previous else None,
        "tree_size": sealed["tree_size"],
        "root_hash": sealed["root_hash"],
    }
