"""Key rotation: re-encrypt every registered vault field that is not under the active key.

Apps register their encrypted fields once, in `AppConfig.ready()`::

    register_encrypted_field(SellerApplication, "nik_blob", lambda row: f"sellers.application.nik:{row.public_id}")

The context function must return exactly the context the value was encrypted with.

Rotation runs alongside normal traffic. It scans a table in primary-key order without locks, and hands the
rows it found stale to `vault_rotate_batch`, which locks them (in pk order, one short transaction per batch),
reads each value again inside the lock and rewrites only the values still under an old key, and only that
column. A value a user wrote meanwhile is already under the active key and is left alone. Stopping at any
point loses nothing; running again skips what was done.

Deploy the new key ring everywhere (new key first) before rotating: a process still running with the old
ring would keep writing under the old key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, transaction

from lapak.core.audit.services import audit_append
from lapak.market.sellers.vault.crypto import VaultError, key_id_of, rewrap
from lapak.market.sellers.vault.keys import key_ring

ROTATION_ACTOR = "system:vault_rotate"
ContextFn = Callable[[Any], str]


@dataclass(frozen=True)
class EncryptedField:
    model: type[models.Model]
    field_name: str
    context: ContextFn

    @property
    def label(self) -> str:
        return f"{self.model._meta.label_lower}.{self.field_name}"


@dataclass
class RotationCount:
    label: str
    checked: int = 0  # rows scanned
    stale: int = 0  # values under an old key that is still in the ring
    rotated: int = 0  # values rewritten under the active key
    unreadable: int = 0  # malformed blobs, or under a key no longer in the ring: left as they are


_REGISTRY: dict[str, EncryptedField] = {}


def register_encrypted_field(model: type[models.Model], field_name: str, context: ContextFn) -> None:
    """Declare a BinaryField holding vault blobs, and how to rebuild each row's encryption context.

    Registering the same model and field again replaces the earlier entry (AppConfig.ready may run twice
    in tests).
    """
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.BinaryField):
        raise TypeError(f"{model._meta.label}.{field_name} must be a BinaryField to hold vault blobs")
    if not callable(context):
        raise TypeError("the context of an encrypted field is a function of the row")
    entry = EncryptedField(model=model, field_name=field_name, context=context)
    _REGISTRY[entry.label] = entry


def registered_fields() -> list[EncryptedField]:
    """Every registered encrypted field, in a stable order."""
    return [_REGISTRY[label] for label in sorted(_REGISTRY)]


def vault_rotate_batch(queryset: models.QuerySet, field: str, context_fn: ContextFn, batch_size: int) -> int:
    """Re-encrypt under the active key the stale values among the first `batch_size` rows of `queryset` (by pk).

    Guarantees: one transaction that locks those rows in pk order, re-reads each value inside the lock and
    rewrites only values still under another key, with an UPDATE of that one column (so concurrent writes
    to the row, or to the value, are never overwritten with older data). Values that cannot be opened are
    left untouched. Appends one `identity.key_rotation` audit event (counts only) when anything changed.
    Returns how many values were rewritten.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    active = key_ring().active_id
    model = queryset.model
    label = f"{model._meta.label_lower}.{field}"
    locking = {"of": ("self",)} if connections[queryset.db].features.has_select_for_update_of else {}
    rotated = 0
    with transaction.atomic(using=queryset.db):
        rows = list(queryset.select_for_update(**locking).order_by("pk")[:batch_size])
        for row in rows:
            blob = getattr(row, field)
            if not blob:
                continue
            try:
                if key_id_of(blob) == active:
                    continue
                fresh = rewrap(blob, context=context_fn(row))
            except VaultError:
                continue
            model._base_manager.using(queryset.db).filter(pk=row.pk).update(**{field: fresh})
            rotated += 1
        if rotated:
            audit_append(
                actor=ROTATION_ACTOR,
                action="identity.key_rotation",
                subject_type="vault_field",
                subject_id=label[:64],
                after={"rows_locked": len(rows), "rotated": rotated, "to_key_id": active},
            )
    return rotated


def vault_rotate_field(entry: EncryptedField, *, batch_size: int = 500, dry_run: bool = False) -> RotationCount:
    """Scan one registered field in pk order and rotate its stale values batch by batch (see module docstring).

    With `dry_run`, only counts. Safe to interrupt and run again.
    """
    ring = key_ring()
    count = RotationCount(label=entry.label)
    rows = entry.model._base_manager.all()
    last_pk: Any = None
    while True:
        window = rows if last_pk is None else rows.filter(pk__gt=last_pk)
        chunk = list(window.order_by("pk").values_list("pk", entry.field_name)[:batch_size])
        if not chunk:
            return count
        last_pk = chunk[-1][0]
        count.checked += len(chunk)
        stale = []
        for pk, blob in chunk:
            if not blob:
                continue
            try:
                key_id = key_id_of(blob)
            except VaultError:
                count.unreadable += 1
                continue
            if key_id not in ring.keys:
                count.unreadable += 1
            elif key_id != ring.active_id:
                stale.append(pk)
        count.stale += len(stale)
        if stale and not dry_run:
            count.rotated += vault_rotate_batch(rows.filter(pk__in=stale), entry.field_name, entry.context, batch_size)
