"""Audit events, signed tree heads, the public keys that signed them, and the sealer's state row.

Rows are append-only through the ORM: saving an existing row or deleting one raises. That stops
mistakes, not attackers; someone with database access can still change rows, which is why every event
is a leaf of a Merkle tree whose signed heads `audit_verify` checks.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import IsNull
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.encoding import key_id, tree_head_message
from lapak.core.audit.keys import signature_valid
from lapak.core.ids import PublicIdField


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit row."""


class AppendOnlyQuerySet(models.QuerySet):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit rows cannot be deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows cannot be changed once written")
        # Force an INSERT so an instance built with an existing primary key cannot overwrite that row.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted")


class AuditEvent(AppendOnlyModel):
    """One regulated event. `leaf_hash` is fixed at insert; `leaf_index` is given by the sealer."""

    public_id = PublicIdField(prefix="aud")
    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    actor = models.CharField(_("actor"), max_length=100, help_text=_("A user's public id or a system label."))
    action = models.CharField(_("action"), max_length=100)
    subject_type = models.CharField(_("subject type"), max_length=50)
    subject_id = models.CharField(_("subject id"), max_length=64)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, blank=True, default="")
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    decision = models.JSONField(_("rule decision"), null=True, blank=True)
    leaf_hash = models.CharField(_("leaf hash"), max_length=64)
    leaf_index = models.BigIntegerField(_("leaf index"), null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            # The sealer's queue: only unsealed rows, in insertion order.
            models.Index(fields=["id"], condition=Q(leaf_index__isnull=True), name="audit_event_unsealed"),
            models.Index(fields=["subject_type", "subject_id"], name="audit_event_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.action} {self.subject_type}:{self.subject_id}"

    def leaf_fields(self) -> dict[str, Any]:
        """The stored fields that make up the leaf data (see `encoding.leaf_data`)."""
        return {
            "public_id": self.public_id,
            "occurred_at": self.occurred_at,
            "actor": self.actor,
            "action": self.action,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "jurisdiction": self.jurisdiction,
            "before": self.before,
            "after": self.after,
            "decision": self.decision,
        }


class TreeHead(AppendOnlyModel):
    """A signed statement: the first `tree_size` leaves have Merkle root `root_hash` (hex)."""

    version = models.PositiveSmallIntegerField(_("version"), default=1)
    tree_size = models.BigIntegerField(_("tree size"), unique=True)
    root_hash = models.CharField(_("root hash"), max_length=64)
    timestamp_ms = models.BigIntegerField(_("timestamp (ms since epoch)"))
    key_id = models.CharField(_("key id"), max_length=16)
    signature = models.CharField(_("signature"), max_length=128)

    class Meta:
        verbose_name = _("tree head")
        verbose_name_plural = _("tree heads")
        ordering = ["tree_size"]

    def __str__(self) -> str:
        return f"size {self.tree_size} root {self.root_hash[:16]}…"

    @property
    def timestamp(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp_ms / 1000, tz=UTC)

    def signed_message(self) -> bytes:
        """The bytes the signature covers; ValueError if a stored field is malformed."""
        return tree_head_message(
            version=self.version,
            tree_size=self.tree_size,
            root_hash=bytes.fromhex(self.root_hash),
            timestamp_ms=self.timestamp_ms,
            key_id=self.key_id,
        )

    def signature_valid(self, public_raw: bytes) -> bool:
        """True when this head is signed by the Ed25519 key `public_raw` and its fields are well formed."""
        try:
            message, signature = self.signed_message(), bytes.fromhex(self.signature)
        except ValueError:
            return False
        return self.key_id == key_id(public_raw) and signature_valid(public_raw, message, signature)

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "timestamp_ms": self.timestamp_ms,
            "key_id": self.key_id,
            "signature": self.signature,
        }


class PublicKey(models.Model):
    """The public half of an Ed25519 key that signs (or signed) tree heads, named by its key id.

    At most one key is active (not retired); only the active key signs. The private key never enters the
    database. Rows are never deleted: old heads stay verifiable with the keys that signed them.
    """

    key_id = models.CharField(_("key id"), max_length=16, unique=True)
    public_key = models.CharField(_("public key"), max_length=64, help_text=_("The raw 32-byte key, in hex."))
    first_used_at = models.DateTimeField(_("first used at"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit signing key")
        verbose_name_plural = _("audit signing keys")
        ordering = ["first_used_at", "id"]
        constraints = [
            # Every active row has the same value of this expression, so the index admits only one of them.
            models.UniqueConstraint(
                IsNull(F("retired_at"), True), condition=Q(retired_at__isnull=True), name="audit_one_active_key"
            ),
        ]

    def __str__(self) -> str:
        return self.key_id

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit signing keys cannot be deleted")

    @property
    def public_raw(self) -> bytes | None:
        """The raw key, or None when the stored value is malformed or does not hash to `key_id`."""
        try:
            raw = bytes.fromhex(self.public_key)
        except ValueError:
            return None
        return raw if len(raw) == 32 and key_id(raw) == self.key_id else None


class SealState(models.Model):
    """The one row (pk 1) every sealer locks first; it carries the compact range of the sealed tree so a
    seal costs O(batch), not O(log size). Never trusted by `audit_verify`, which recomputes everything.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    tree_size = models.BigIntegerField(default=0)
    frontier = models.JSONField(default=list, help_text=_("Hex roots of the perfect subtrees, largest first."))

    class Meta:
        verbose_name = _("seal state")
        verbose_name_plural = _("seal state")

    def __str__(self) -> str:
        return f"sealed {self.tree_size}"
