"""Consent to the processing of identity data, purpose by purpose, for one policy version (ID-PDP-1)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.models import (
    OPEN_STATUSES,
    ConsentEnd,
    ConsentRecord,
    DataSubjectRequest,
    RequestKind,
    RequestStatus,
    SellerApplication,
)
from lapak.market.sellers.rules import CONSENT_PURPOSES, consent_policy_version
from lapak.market.sellers.services.data_rights import data_request_close, data_request_open


def consent_grant(*, user: object, purposes: Sequence[str], policy_version: str) -> list[ConsentRecord]:
    """Record the user's consent to `purposes` under the current policy version.

    Guarantees: afterwards each purpose has exactly one live record, at `policy_version`; a live record of
    an older version is ended as superseded (it stays, with its dates); granting again is a no-op. A stale
    version (the policy changed while the form was open) is refused, so nobody consents to text they did
    not see.
    """
    purposes = list(dict.fromkeys(purposes))
    if not purposes or not set(purposes) <= set(CONSENT_PURPOSES):
        raise ValidationFailed(fields={"purposes": [_("Choose what you agree to.")]})
    if policy_version != consent_policy_version():
        raise ValidationFailed(
            _("The privacy notice has changed. Read the new version and agree again."), code="consent_policy_changed",
            fields={"policy_version": [_("The privacy notice has changed.")]},
        )
    now = timezone.now()
    records = []
    try:
        with transaction.atomic():
            for purpose in purposes:
                live = ConsentRecord.objects.select_for_update().filter(
                    user=user, purpose=purpose, ended_at__isnull=True
                ).first()
                if live is not None and live.policy_version == policy_version:
                    records.append(live)
                    continue
                if live is not None:
                    live.ended_at, live.end_reason = now, ConsentEnd.SUPERSEDED
                    live.save(update_fields=["ended_at", "end_reason"])
                records.append(ConsentRecord.objects.create(
                    user=user, purpose=purpose, policy_version=policy_version, granted_at=now
                ))
            audit_append(
                actor=user.public_id, action="seller.consent.granted", subject_type="user", subject_id=user.public_id,
                after={"purposes": purposes, "policy_version": policy_version},
            )
    except IntegrityError as exc:  # the same grant, twice at once
        raise Conflict(_("Your consent was being recorded already; reload the page."), code="consent_busy") from exc
    return records


def consent_withdraw(*, user: object, purpose: str, note: str = "") -> DataSubjectRequest:
    """Withdraw consent to one purpose: a data-subject request answered at once.

    Guarantees: the live record is ended as withdrawn (kept, as proof of what was agreed and when); a
    request row records the withdrawal with its handling history; withdrawing "kyc_verification" withdraws
    the user's open applications, since they can no longer be processed. Data already needed by law (a
    verified seller's trade records) is kept under its retention class; that is deletion's business.
    """
    if purpose not in CONSENT_PURPOSES:
        raise ValidationFailed(fields={"purpose": [_("Choose a purpose.")]})
    from lapak.market.sellers.services.decisions import application_withdraw_by_system

    now = timezone.now()
    with transaction.atomic():
        live = ConsentRecord.objects.select_for_update().filter(
            user=user, purpose=purpose, ended_at__isnull=True
        ).first()
        if live is None:
            raise Conflict(_("There is no consent to this purpose to withdraw."), code="consent_not_given")
        live.ended_at, live.end_reason = now, ConsentEnd.WITHDRAWN
        live.save(update_fields=["ended_at", "end_reason"])
        request = data_request_open(subject=user, kind=RequestKind.CONSENT_WITHDRAWAL, purpose=purpose, note=note)
        withdrawn = []
        if purpose == "kyc_verification":
            for application in SellerApplication.objects.filter(applicant=user, status__in=OPEN_STATUSES):
                if application_withdraw_by_system(application=application, reason_code="consent_withdrawn"):
                    withdrawn.append(application.public_id)
        audit_append(
            actor=user.public_id, action="seller.consent.withdrawn", subject_type="user", subject_id=user.public_id,
            after={"purpose": purpose, "policy_version": live.policy_version, "applications_withdrawn": withdrawn},
        )
        data_request_close(request=request, actor=None, status=RequestStatus.COMPLETED,
                           result={"consent": live.public_id, "applications_withdrawn": withdrawn})
    return request
