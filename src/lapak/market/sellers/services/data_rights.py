"""Data-subject requests (ID-PDP-2): every request has a 72-hour deadline, a status and a handling history.

Access is answered at once (data_export.py), consent withdrawal too (consent.py); corrections are decided
by an operator (below); deletion is carried out by an operator or the platform (data_erasure.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.market.sellers.lock_objects import data_request_for_update
from lapak.market.sellers.models import (
    DataRequestEvent,
    DataSubjectRequest,
    RequestKind,
    RequestStatus,
    SellerApplication,
)
from lapak.market.sellers.permissions import actor_label
from lapak.market.sellers.rules import DATA_REQUEST_DEADLINE


def data_request_open(*, subject: object, kind: str, application: SellerApplication | None = None,
                      purpose: str = "", note: str = "") -> DataSubjectRequest:
    """A new open request due 72 hours from now, with the first history row. Call inside a transaction."""
    now = timezone.now()
    request = DataSubjectRequest.objects.create(
        subject=subject, kind=kind, created_at=now, due_at=now + DATA_REQUEST_DEADLINE, application=application,
        purpose=purpose, note=(note or "").strip()[:2000],
    )
    DataRequestEvent.objects.create(request=request, actor=subject, actor_label=actor_label(subject),
                                    to_status=RequestStatus.OPEN, note="")
    audit_append(actor=actor_label(subject), action=f"seller.data_request.{kind}", subject_type="data_request",
                 subject_id=request.public_id, after={"kind": kind, "status": request.status, "due_at": request.due_at})
    return request


def data_request_close(*, request: DataSubjectRequest, actor: object | None, status: str, result: dict | None = None,
                       note: str = "") -> DataSubjectRequest:
    """Complete or refuse an open request (the caller holds its row lock), with history and an audit event."""
    if request.status != RequestStatus.OPEN:
        raise Conflict(_("This request has already been answered."), code="data_request_closed")
    request.status, request.completed_at = status, timezone.now()
    request.handled_by = actor
    request.resolution_note = (note or "").strip()[:2000]
    if result is not None:
        request.result = result
    request.save()
    DataRequestEvent.objects.create(request=request, actor=actor, actor_label=actor_label(actor),
                                    from_status=RequestStatus.OPEN, to_status=status, note=request.resolution_note)
    audit_append(actor=actor_label(actor), action=f"seller.data_request.{status}", subject_type="data_request",
                 subject_id=request.public_id,
                 before={"status": RequestStatus.OPEN},
                 after={"status": status, "kind": request.kind, "late": request.completed_at > request.due_at})
    return request


def data_request_note(*, request: DataSubjectRequest, actor: object, note: str) -> DataRequestEvent:
    """An operator's note on an open request (e.g. "asked for proof of identity"), kept in its history."""
    from lapak.market.sellers.permissions import require_operator_not_subject

    require_operator_not_subject(actor, request.subject)
    if not note.strip():
        raise ValidationFailed(fields={"note": [_("Write a note.")]})
    return DataRequestEvent.objects.create(request=request, actor=actor, actor_label=actor_label(actor),
                                           from_status=request.status, to_status=request.status,
                                           note=note.strip()[:2000])


def data_request_refuse(*, request: DataSubjectRequest, actor: object, note: str) -> DataSubjectRequest:
    """An operator refuses an open request, saying why (the subject sees the answer)."""
    from lapak.market.sellers.permissions import require_operator_not_subject

    require_operator_not_subject(actor, request.subject)
    if not note.strip():
        raise ValidationFailed(fields={"note": [_("Say why the request is refused.")]})
    with transaction.atomic():
        locked = data_request_for_update().get(pk=request.pk)
        return data_request_close(request=locked, actor=actor, status=RequestStatus.REFUSED, note=note)


def correction_context(request: DataSubjectRequest) -> str:
    return f"sellers.data_request.correction:{request.public_id}"


def data_correction_request(*, user: object, application: SellerApplication, changes: Mapping[str, object],
                            note: str = "") -> DataSubjectRequest:
    """Ask for data in an application to be corrected; an operator decides (data_correction_decide).

    Guarantees: only the applicant may ask; only correctable fields, in a valid form (checked now, so the
    operator sees a clean proposal); the new values are sealed in the vault (they may be identity numbers).
    """
    from lapak.market.sellers.services.applications import draft_fields_clean
    from lapak.market.sellers.services.corrections import CORRECTABLE_FIELDS
    from lapak.market.sellers.vault import encrypt_text

    if application.applicant_id != getattr(user, "pk", None):
        raise NotFound(_("There is no such application."), code="application_not_found")
    unknown = sorted(set(changes) - CORRECTABLE_FIELDS)
    if not changes or unknown:
        raise ValidationFailed(fields={name: [_("This field cannot be corrected.")] for name in unknown or ["changes"]})
    errors: dict[str, list] = {}
    draft_fields_clean(changes, errors)
    if errors:
        raise ValidationFailed(fields=errors)
    plain = {name: (value.isoformat() if hasattr(value, "isoformat") else value) for name, value in changes.items()}
    with transaction.atomic():
        request = data_request_open(subject=user, kind=RequestKind.CORRECTION, application=application, note=note)
        request.correction_fields = sorted(changes)
        request.correction_encrypted = encrypt_text(json.dumps(plain), context=correction_context(request))
        request.save(update_fields=["correction_fields", "correction_encrypted"])
    return request
