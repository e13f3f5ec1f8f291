"""Operators' reads of sealed data and its dry run, each recorded the way the sellers services record theirs.

Opening a case's documents is two records: one `seller.documents.opened` audit event with the operator's
reason (written when they ask), then one `identity.decrypt` event from the vault for every image or file
actually served. A correction proposal is read the same way. Nothing decrypted is stored anywhere: it goes
from the vault into the response.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import ValidationFailed
from lapak.market.sellers.identity import document_context
from lapak.market.sellers.models import ApplicationDocument, DataSubjectRequest, SellerApplication
from lapak.market.sellers.permissions import actor_label, require_independent_operator, require_operator
from lapak.market.sellers.services.data_erasure import erase_subject
from lapak.market.sellers.services.data_rights import correction_context
from lapak.market.sellers.vault import VaultAccess, decrypt_text, vault_decrypt

DOCUMENT_PURPOSE = "operator_document_review"
CORRECTION_PURPOSE = "operator_correction_review"


def _reason(reason: str) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationFailed(fields={"reason": [_("Say why you need to see this.")]})
    return text[:500]


def documents_open(*, application: SellerApplication, actor: object, reason: str) -> None:
    """Record why an operator opens a case's identity photos and documents (before any is decrypted)."""
    require_independent_operator(actor, application.organisation)
    text = _reason(reason)
    with transaction.atomic():
        audit_append(
            actor=actor_label(actor), action="seller.documents.opened", subject_type="seller_application",
            subject_id=application.public_id, jurisdiction=application.organisation.jurisdiction,
            after={"reason": text},
        )


def document_content(*, document: ApplicationDocument, application: SellerApplication, actor: object) -> bytes:
    """The decrypted bytes of one document; the vault logs the read (who, why, which case)."""
    require_operator(actor)
    access = VaultAccess(
        actor=actor_label(actor), purpose=DOCUMENT_PURPOSE, subject_type="seller_application",
        subject_id=application.public_id, jurisdiction=application.organisation.jurisdiction,
    )
    with transaction.atomic():
        return vault_decrypt(document.content_encrypted, context=document_context(document), access=access)


def correction_proposal_read(*, request: DataSubjectRequest, actor: object, reason: str) -> dict:
    """The new values a correction request proposes (sealed: they may be identity numbers), with a reason."""
    require_operator(actor)
    text = _reason(reason)
    if not request.correction_encrypted:
        return {}
    access = VaultAccess(actor=actor_label(actor), purpose=CORRECTION_PURPOSE, subject_type="data_request",
                         subject_id=request.public_id)
    with transaction.atomic():
        audit_append(actor=actor_label(actor), action="seller.data_request.proposal_viewed",
                     subject_type="data_request", subject_id=request.public_id, after={"reason": text})
        return json.loads(decrypt_text(request.correction_encrypted, context=correction_context(request),
                                       access=access))


class _DryRun(Exception):
    def __init__(self, result: dict) -> None:
        super().__init__("dry run")
        self.result = result


def deletion_preview(*, request: DataSubjectRequest, actor: object) -> dict:
    """What executing this deletion request would erase and keep now: {"erased": [...], "kept": [...]}.

    It runs the real erasure and rolls it back, so the preview cannot drift from what `data_deletion_execute`
    does. Nothing of it survives: rows, audit events and outbox events are rolled back with it (and the
    outbox's after-commit deliveries are discarded with the transaction).
    """
    require_operator(actor)
    try:
        with transaction.atomic():
            raise _DryRun(erase_subject(user=request.subject, now=timezone.now()))
    except _DryRun as done:
        return done.result
