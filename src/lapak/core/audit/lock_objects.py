"""The audit log's one lock: the `SealState` row. Sealing, key registration and key rotation take it
first, so they run one at a time and never interleave; `audit_append` never touches it.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from lapak.core.audit.models import SealState


def seal_state_for_update() -> SealState:
    """Lock (creating it if needed) the sealer's state row; call inside a transaction."""
    state = SealState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        try:
            with transaction.atomic():
                SealState.objects.create(pk=1)
        except IntegrityError:
            pass  # a concurrent sealer created it; the locking read below waits for its commit
        state = SealState.objects.select_for_update().get(pk=1)
    return state
