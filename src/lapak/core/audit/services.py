"""Writing to the audit log. Sealing lives in `sealing.py`."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise

from lapak.core.audit import merkle
from lapak.core.audit.encoding import canonical_json, format_timestamp, leaf_data
from lapak.core.audit.models import AuditEvent
from lapak.core.ids import new_public_id

_JURISDICTION = re.compile(r"[A-Z]{2}")
_LIMITS = {"actor": 100, "action": 100, "subject_type": 50, "subject_id": 64}


def audit_append(
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    jurisdiction: str = "",
    before: dict | None = None,
    after: dict | None = None,
    decision: dict | None = None,
) -> AuditEvent:
    """Record one regulated event inside the caller's transaction.

    Guarantees: exactly one INSERT and nothing else (no lock, no read), so concurrent writers never wait
    on each other and the event commits or rolls back with the business change it describes. Payloads
    are normalised to plain JSON first (datetimes to ISO-8601 UTC, Decimal and UUID to strings, tuples
    to lists; floats refused), so the stored row reads back exactly as hashed. The leaf hash is fixed
    here; the event joins the Merkle tree when `audit_seal` next runs.
    """
    text = {"actor": actor, "action": action, "subject_type": subject_type, "subject_id": subject_id}
    for name, value in text.items():
        if not isinstance(value, str) or not value or len(value) > _LIMITS[name] or "\x00" in value:
            raise ValueError(f"audit {name} must be a non-empty string of at most {_LIMITS[name]} characters")
    if jurisdiction and not _JURISDICTION.fullmatch(jurisdiction):
        raise ValueError("audit jurisdiction must be two capital letters or empty")
    event = AuditEvent(
        public_id=new_public_id("aud"),
        occurred_at=timezone.now(),
        jurisdiction=jurisdiction,
        before=_payload("before", before),
        after=_payload("after", after),
        decision=_payload("decision", decision),
        **text,
    )
    event.leaf_hash = merkle.leaf_hash(leaf_data(event.leaf_fields())).hex()
    event.save()
    return event


def _payload(name: str, value: dict | None) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"audit {name} must be a dict or None")
    plain = _plain(value)
    canonical_json(plain)  # refuses what cannot be hashed canonically (floats, NUL, odd keys)
    return plain


def _plain(value: Any) -> Any:
    # Only conversions whose result is unambiguous; anything else is left for canonical_json to refuse.
    if isinstance(value, dict):
        return {(str(k) if isinstance(k, Promise) else k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)  # IntegerChoices members become plain ints
    if isinstance(value, str | Promise):
        return str(value) if isinstance(value, Promise) else str.__str__(value)
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value
