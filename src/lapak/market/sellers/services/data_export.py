"""Access requests: everything the sellers package holds about a person, as plain JSON (ID-PDP-2).

The person's own identity numbers are included in full (read through the vault with the purpose
"data_subject_access", so each read is logged) beside their masks. A responsible person's NIK in a
business application may belong to someone else, so only its mask is given.
"""

from __future__ import annotations

import base64

from django.db import transaction
from django.utils import timezone

from lapak.market.sellers.identity import (
    IDENTITY_FIELDS,
    bank_number_read,
    document_context,
    identity_masked,
    identity_read,
)
from lapak.market.sellers.lock_objects import data_request_for_update
from lapak.market.sellers.models import (
    ApplicationDocument,
    BankAccount,
    ConsentRecord,
    DataSubjectRequest,
    MemberRole,
    Membership,
    RequestKind,
    RequestStatus,
    SellerApplication,
)
from lapak.market.sellers.services.data_rights import data_request_close, data_request_open
from lapak.market.sellers.vault import VaultAccess, vault_decrypt

PURPOSE = "data_subject_access"
OWN_NUMBERS = ("nik", "passport_number", "nib", "npwp")


def data_export_request(*, user: object, include_files: bool = False) -> tuple[DataSubjectRequest, dict]:
    """Answer an access request at once: the request is recorded, completed, and the export returned.

    Guarantees: the export covers the person's memberships and organisations, their applications (declared
    data, identity numbers masked and in full, document list, history, flags), the payout accounts of the
    organisations they own, their consents and their earlier requests; it is JSON-serialisable as is. With
    `include_files`, each document held is included too (base64), each read logged like the numbers.
    """
    with transaction.atomic():
        request = data_request_open(subject=user, kind=RequestKind.ACCESS)
        export = data_export_build(user=user, include_files=include_files)
        locked = data_request_for_update().get(pk=request.pk)
        data_request_close(request=locked, actor=None, status=RequestStatus.COMPLETED,
                           result={"sections": sorted(export)})
    return locked, export


def data_export_build(*, user: object, include_files: bool = False) -> dict:
    """The export itself (see data_export_request); every identity read is logged by the vault."""
    memberships = Membership.objects.filter(user=user).select_related("organisation", "organisation__pickup_region")
    owned = [m.organisation_id for m in memberships if m.role == MemberRole.OWNER]
    return {
        "subject": {"id": user.public_id, "email": user.email, "full_name": user.full_name, "language": user.language},
        "generated_at": timezone.now().isoformat(),
        "organisations": [_organisation(m) for m in memberships],
        "applications": [_application(a, user, include_files) for a in SellerApplication.objects.filter(applicant=user)
                         .select_related("organisation", "address_region").order_by("created_at", "pk")],
        "bank_accounts": [_bank_account(b, user) for b in BankAccount.objects.filter(organisation_id__in=owned)
                          .select_related("organisation").order_by("created_at", "pk")],
        "consents": [
            {"purpose": c.purpose, "policy_version": c.policy_version, "granted_at": c.granted_at.isoformat(),
             "ended_at": c.ended_at.isoformat() if c.ended_at else None, "end_reason": c.end_reason}
            for c in ConsentRecord.objects.filter(user=user).order_by("granted_at", "pk")
        ],
        "data_requests": [
            {"id": r.public_id, "kind": r.kind, "status": r.status, "received_at": r.created_at.isoformat(),
             "due_at": r.due_at.isoformat(), "answered_at": r.completed_at.isoformat() if r.completed_at else None,
             "answer": r.resolution_note, "result": r.result}
            for r in DataSubjectRequest.objects.filter(subject=user).order_by("created_at", "pk")
        ],
    }


def _organisation(membership: Membership) -> dict:
    org = membership.organisation
    return {
        "id": org.public_id, "role": membership.role, "shop_name": org.shop_name, "shop_slug": org.shop_slug,
        "seller_type": org.seller_type, "jurisdiction": org.jurisdiction, "status": org.status,
        "umkm_class": org.umkm_class, "description": org.description,
        "pickup_address": {"street": org.pickup_street, "postcode": org.pickup_postcode,
                           "village_code": org.pickup_region.code if org.pickup_region else None},
        "payout_hold_until": org.payout_hold_until.isoformat() if org.payout_hold_until else None,
    }


def _application(application: SellerApplication, user: object, include_files: bool) -> dict:
    identity = {}
    for name in IDENTITY_FIELDS:
        masked = identity_masked(application, name)
        if not masked:
            continue
        entry = {"masked": masked}
        if name in OWN_NUMBERS:
            entry["value"] = identity_read(application, name, actor=user.public_id, purpose=PURPOSE)
        identity[name] = entry
    return {
        "id": application.public_id, "organisation": application.organisation.public_id, "status": application.status,
        "created_at": application.created_at.isoformat(),
        "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
        "decided_at": application.decided_at.isoformat() if application.decided_at else None,
        "declared": {
            "id_document_kind": application.id_document_kind, "full_name": application.full_name,
            "birth_date": application.birth_date.isoformat() if application.birth_date else None,
            "sex": application.sex, "phone": application.phone, "address_line": application.address_line,
            "address_village_code": application.address_region.code if application.address_region else None,
            "address_postcode": application.address_postcode, "company_name": application.company_name,
            "responsible_person_name": application.responsible_person_name,
            "origin_country": application.origin_country, "origin_address": application.origin_address,
            "shipping_origin": application.shipping_origin,
            "bahasa_descriptions_declared": application.bahasa_descriptions_declared_at is not None,
        },
        "identity_numbers": identity,
        "documents": [_document(d, user, include_files) for d in application.documents.order_by("kind")],
        "review_flags": application.review_flags,
        "history": [
            {"from": t.from_status, "to": t.to_status, "at": t.created_at.isoformat(), "by": t.actor_kind,
             "reasons": t.reasons, "note": t.note}
            for t in application.transitions.all()
        ],
        "erased_at": application.erased_at.isoformat() if application.erased_at else None,
        "retain_until": application.retain_until.isoformat() if application.retain_until else None,
    }


def _document(document: ApplicationDocument, user: object, include_files: bool) -> dict:
    entry = {
        "id": document.public_id, "kind": document.kind, "content_type": document.content_type,
        "size_bytes": document.size_bytes, "uploaded_at": document.uploaded_at.isoformat(),
        "erased_at": document.erased_at.isoformat() if document.erased_at else None,
    }
    if include_files and document.content_encrypted:
        access = VaultAccess(actor=user.public_id, purpose=PURPOSE, subject_type="seller_document",
                             subject_id=document.public_id, jurisdiction=document.application.organisation.jurisdiction)
        content = vault_decrypt(document.content_encrypted, context=document_context(document), access=access)
        entry["content_base64"] = base64.b64encode(content).decode("ascii")
    return entry


def _bank_account(account: BankAccount, user: object) -> dict:
    return {
        "id": account.public_id, "organisation": account.organisation.public_id, "bank_code": account.bank_code,
        "number_masked": account.number_masked,
        "number": bank_number_read(account, actor=user.public_id, purpose=PURPOSE),
        "holder_name": account.holder_name, "status": account.status, "current": account.is_current,
        "created_at": account.created_at.isoformat(),
        "replaced_at": account.replaced_at.isoformat() if account.replaced_at else None,
    }
