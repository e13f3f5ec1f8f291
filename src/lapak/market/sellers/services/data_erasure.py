"""Deletion requests: erase what may be erased, keep what the law says must be kept, and say which is which.

Retention (ID-REC-1, PP 80/2019 Art. 25): trade records at least 5 years, financial records 10. Here:

- erased always: identity photos and selfies (biometric data whose purpose ended), phone, birth date, sex,
  home address, sealed correction proposals, memberships in other people's shops;
- drafts never submitted: deleted outright (nobody relied on them);
- an application that was not verified (rejected, withdrawn): its identity numbers are erased, the decision
  record (names, masked numbers, history) kept as a trade record, 5 years;
- a verified seller's application: identity numbers and business documents kept as trade records, 5 years
  (who sold is part of every sale's record); a foreign merchant's ID-XB-3 documents likewise;
- payout accounts of a shop that was verified: kept as financial records, 10 years; of one never verified
  (no money ever moved): number, masked number and holder name erased;
- an individual seller's pickup street and postcode (usually their home) erased;
- consent records: live consents end (withdrawn); the records are kept 5 years, as proof of the basis on
  which data was processed.
The shops the person owns are closed, so nothing new is sold under their identity.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict
from lapak.market.sellers.identity import IDENTITY_FIELDS, identity_erase
from lapak.market.sellers.lock_objects import data_request_for_update
from lapak.market.sellers.models import (
    OPEN_STATUSES,
    PHOTO_KINDS,
    ApplicationStatus,
    BankAccount,
    ConsentEnd,
    DataSubjectRequest,
    IdentityClaim,
    MemberRole,
    Membership,
    OrganisationStatus,
    RequestKind,
    RequestStatus,
    SellerApplication,
    SellerOrganisation,
)
from lapak.market.sellers.permissions import require_operator_not_subject
from lapak.market.sellers.rules import RETENTION_FINANCIAL, RETENTION_TRADE, RetentionClass
from lapak.market.sellers.services.data_rights import data_request_close, data_request_open
from lapak.market.sellers.services.decisions import application_withdraw_by_system
from lapak.market.sellers.services.organisations import organisation_changed


def data_deletion_request(*, user: object, note: str = "") -> DataSubjectRequest:
    """Ask for one's seller data to be erased; carried out by `data_deletion_execute` within 72 hours."""
    with transaction.atomic():
        return data_request_open(subject=user, kind=RequestKind.DELETION, note=note)


def data_deletion_execute(*, request: DataSubjectRequest, actor: object | None) -> DataSubjectRequest:
    """Carry out an open deletion request (an operator, or the platform when `actor` is None).

    Guarantees, in one transaction: everything listed in the module docstring is erased or kept; the
    request's result lists each item erased and each kept with its retention class, rule and date; kept
    rows carry `retain_until`; the request is completed with its history and audit event.
    """
    if actor is not None:
        require_operator_not_subject(actor, request.subject)
    with transaction.atomic():
        locked = data_request_for_update().get(pk=request.pk)
        if locked.kind != RequestKind.DELETION:
            raise Conflict(_("This is not a deletion request."), code="data_request_kind")
        if locked.status != RequestStatus.OPEN:
            raise Conflict(_("This request has already been answered."), code="data_request_closed")
        result = erase_subject(user=locked.subject, now=timezone.now())
        return data_request_close(request=locked, actor=actor, status=RequestStatus.COMPLETED, result=result)


def erase_subject(*, user: object, now: datetime) -> dict:
    """Erase the person's seller data as the module docstring says; returns {"erased": [...], "kept": [...]}."""
    erased: list[dict] = []
    kept: list[dict] = []
    today = timezone.localdate(now)

    def keep(item: str, subject_id: str, retention: RetentionClass, why: str) -> str:
        until = retention.until(today)
        kept.append({"item": item, "id": subject_id, "retention_class": retention.name, "rule_id": retention.rule_id,
                     "until": until.isoformat(), "why": why})
        return until

    for application in SellerApplication.objects.filter(applicant=user).select_related("organisation"):
        if application.status in OPEN_STATUSES and application.status != ApplicationStatus.DRAFT:
            application_withdraw_by_system(application=application, reason_code="erasure_requested")
            application.refresh_from_db()
        if application.status == ApplicationStatus.DRAFT:
            erased.append({"item": "draft_application", "id": application.public_id})
            application.delete()  # documents go with it; a draft never held claims
            continue
        _erase_application(application, now, erased, keep)

    owned = SellerOrganisation.objects.filter(memberships__user=user, memberships__role=MemberRole.OWNER)
    for organisation in owned:
        ever_verified = organisation.verified_at is not None
        for account in BankAccount.objects.filter(organisation=organisation):
            if ever_verified:
                account.retain_until = keep("payout_bank_account", account.public_id, RETENTION_FINANCIAL,
                                            "financial_record")
                account.save(update_fields=["retain_until"])
            else:
                BankAccount.objects.filter(pk=account.pk).update(
                    number_encrypted=None, number_hash="", number_masked="", holder_name=""
                )
                erased.append({"item": "payout_bank_account_number", "id": account.public_id})
        if organisation.seller_type == "individual" and (organisation.pickup_street or organisation.pickup_postcode):
            # An individual seller's pickup address is usually their home: personal data, not a trade record.
            SellerOrganisation.objects.filter(pk=organisation.pk).update(pickup_street="", pickup_postcode="")
            erased.append({"item": "pickup_address", "id": organisation.public_id})
        if organisation.status != OrganisationStatus.CLOSED:
            SellerOrganisation.objects.filter(pk=organisation.pk).update(status=OrganisationStatus.CLOSED,
                                                                         closed_at=now)
            IdentityClaim.objects.filter(organisation=organisation).delete()
            organisation_changed(organisation.pk)
            erased.append({"item": "shop_closed", "id": organisation.public_id})
    others = Membership.objects.filter(user=user).exclude(role=MemberRole.OWNER)
    for membership in others.select_related("organisation"):
        erased.append({"item": "membership", "id": membership.organisation.public_id})
    others.delete()

    if user.seller_consents.exists():
        # Asking for erasure ends every live consent; the records stay as proof of what was consented to.
        user.seller_consents.filter(ended_at__isnull=True).update(ended_at=now, end_reason=ConsentEnd.WITHDRAWN)
        keep("consent_records", user.public_id, RETENTION_TRADE, "proof_of_lawful_basis")
    proposals = DataSubjectRequest.objects.filter(subject=user, correction_encrypted__isnull=False)
    if proposals.update(correction_encrypted=None):
        erased.append({"item": "correction_proposals", "id": user.public_id})
    return {"erased": erased, "kept": kept}


def _erase_application(application: SellerApplication, now: datetime, erased: list, keep: object) -> None:
    verified = application.status == ApplicationStatus.VERIFIED
    foreign_kept = application.organisation.seller_type == "foreign" and application.submitted_at is not None
    for document in application.documents.filter(erased_at__isnull=True):
        if document.kind not in PHOTO_KINDS and (verified or foreign_kept):
            keep(f"document:{document.kind}", document.public_id, RETENTION_TRADE, "trade_record")
            continue
        document.content_encrypted, document.erased_at = None, now
        document.save(update_fields=["content_encrypted", "erased_at"])
        erased.append({"item": f"document:{document.kind}", "id": document.public_id})
    for name in ("phone", "address_line", "address_postcode", "sex"):
        setattr(application, name, "")
    application.birth_date, application.address_region = None, None
    erased.append({"item": "contact_and_personal_details", "id": application.public_id})
    if verified:
        why = "trade_record"
        keep("identity_numbers", application.public_id, RETENTION_TRADE, why)
    else:
        for name in IDENTITY_FIELDS:
            identity_erase(application, name)
        erased.append({"item": "identity_numbers", "id": application.public_id})
        why = "decision_record"
    application.retain_until = keep("application_record", application.public_id, RETENTION_TRADE, why)
    application.erased_at = now
    application.save()
