"""An operator's decision on a correction request: apply the sealed new values, or refuse with a reason."""

from __future__ import annotations

import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.errors import DuplicateIdentity
from lapak.market.sellers.identity import IDENTITY_FIELDS, identity_hash, identity_set
from lapak.market.sellers.lock_objects import application_for_update, data_request_for_update
from lapak.market.sellers.models import (
    ApplicationStatus,
    DataSubjectRequest,
    IdentityClaim,
    RequestKind,
    RequestStatus,
)
from lapak.market.sellers.permissions import actor_label, require_independent_operator, require_operator_not_subject
from lapak.market.sellers.services.applications import draft_fields_clean
from lapak.market.sellers.services.checks import application_checks
from lapak.market.sellers.services.data_rights import correction_context, data_request_close
from lapak.market.sellers.vault import VaultAccess, decrypt_text

CORRECTABLE_FIELDS = frozenset({
    "full_name", "birth_date", "sex", "phone", "address_line", "address_region_code", "address_postcode",
    "company_name", "responsible_person_name", "origin_address", "shipping_origin",
    "nik", "passport_number", "nib", "npwp", "responsible_nik",
})
REVIEWED_FIELDS = frozenset({"full_name", "birth_date", "sex"})
CLAIM_KINDS = {"nik": "nik", "passport_number": "passport", "nib": "nib", "npwp": "npwp"}


def data_correction_decide(*, request: DataSubjectRequest, actor: object, accept: bool, note: str = "") -> (
        DataSubjectRequest):
    """Apply (accept) or refuse an open correction request.

    Guarantees, in one transaction: the request is locked and must be open; on acceptance the new values
    are read through the vault (logged, purpose "data_subject_correction"), checked again, written to the
    application (identity numbers re-sealed, their claims moved: a number another seller holds raises
    DuplicateIdentity and nothing changes); the sealed proposal is then discarded. A refusal needs a note.
    """
    require_operator_not_subject(actor, request.subject)
    if not accept and not note.strip():
        raise ValidationFailed(fields={"note": [_("Say why the correction is refused.")]})
    with transaction.atomic():
        locked = data_request_for_update().get(pk=request.pk)
        if locked.kind != RequestKind.CORRECTION:
            raise Conflict(_("This is not a correction request."), code="data_request_kind")
        if locked.status != RequestStatus.OPEN:
            raise Conflict(_("This request has already been answered."), code="data_request_closed")
        if not accept:
            locked.correction_encrypted = None
            return data_request_close(request=locked, actor=actor, status=RequestStatus.REFUSED, note=note)
        if locked.application_id is None or not locked.correction_encrypted:
            raise Conflict(_("The application or the proposed values are no longer held."), code="correction_gone")
        access = VaultAccess(actor=actor_label(actor), purpose="data_subject_correction", subject_type="data_request",
                             subject_id=locked.public_id)
        changes = json.loads(decrypt_text(locked.correction_encrypted, context=correction_context(locked),
                                          access=access))
        errors: dict[str, list] = {}
        values, numbers = draft_fields_clean(changes, errors)
        if errors:
            raise ValidationFailed(fields=errors)
        application = application_for_update().get(pk=locked.application_id)
        require_independent_operator(actor, application.organisation)
        if numbers and application.status == ApplicationStatus.VERIFIED:
            # A verified seller was verified against the old number's KTP; a new number needs a new check.
            raise Conflict(
                _("Identity numbers of a verified shop are changed through a new verification, not a correction."),
                code="correction_needs_verification",
            )
        for name, value in values.items():
            setattr(application, name, value)
        for name, value in numbers.items():
            identity_set(application, name, value)
            _claim_move(application, name)
        if application.status != ApplicationStatus.DRAFT and (numbers or REVIEWED_FIELDS & set(values)):
            # The review flags describe the old values: the automatic checks run again on the new ones.
            application.review_flags = [flag.as_dict() for flag in application_checks(application).flags]
        application.save()
        locked.correction_encrypted = None
        return data_request_close(request=locked, actor=actor, status=RequestStatus.COMPLETED, note=note,
                                  result={"corrected_fields": sorted(changes), "application": application.public_id})


def _claim_move(application: object, field: str) -> None:
    """If the application holds a claim for this kind of number, move it to the corrected number."""
    kind = CLAIM_KINDS.get(field)
    if kind is None or field not in IDENTITY_FIELDS:
        return
    claim = IdentityClaim.objects.filter(application=application, kind=kind).first()
    if claim is None:
        return
    new_hash = identity_hash(application, field)
    holder = IdentityClaim.objects.filter(kind=kind, lookup_hash=new_hash).exclude(pk=claim.pk).first()
    if holder is not None and holder.organisation_id != application.organisation_id:
        raise DuplicateIdentity(fields={field: [DuplicateIdentity.default_message]})
    if holder is not None:
        holder.delete()
    if new_hash:
        claim.lookup_hash = new_hash
        try:
            with transaction.atomic():
                claim.save(update_fields=["lookup_hash"])
        except IntegrityError as exc:  # claimed by another seller in the same instant
            raise DuplicateIdentity(fields={field: [DuplicateIdentity.default_message]}) from exc
    else:
        claim.delete()
