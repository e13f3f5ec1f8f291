"""Shapes of the operators' desk API: the review queue, one case with its evidence, data-subject requests and
payout accounts to review. Identity numbers are masked here too; the reveal endpoint is the one exception.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Schema

from lapak.core.schemas import StrictSchema
from lapak.market.sellers.api_common import reasons_out, user_ref
from lapak.market.sellers.api_schemas import (
    DeclaredOut,
    DocumentOut,
    IdentityNumbersOut,
    OrganisationRef,
    ReasonOut,
    declared_out,
    document_out,
    identity_numbers_out,
    organisation_ref,
)
from lapak.market.sellers.identity import IDENTITY_FIELDS, identity_present
from lapak.market.sellers.models import BankAccount, DataRequestEvent, DataSubjectRequest, SellerApplication
from lapak.market.sellers.selectors import application_history
from lapak.market.sellers.services import allowed_targets

# The operator's possible steps, named as the desk API names them.
DECISIONS = {"verify": "verified", "reject": "rejected", "more_info": "more_info_needed"}
OPERATOR_ACTIONS = {"in_review": "start-review", **{target: name for name, target in DECISIONS.items()}}

# --- Input ------------------------------------------------------------------------------------------


class DecisionIn(StrictSchema):
    decision: Literal["verify", "reject", "more_info"]
    reason_codes: list[str] = Field([], max_length=10, description="Required to reject or ask for more; from "
                                    "the catalogue (document_unreadable, selfie_mismatch, …, other).")
    note: str = Field("", max_length=2000, description="Sent to the applicant with the reasons.")


class RevealIn(StrictSchema):
    field: str = Field(..., max_length=30, description="nik, passport_number, nib, npwp, responsible_nik or "
                       "bank_account_number.")
    reason: str = Field(..., max_length=500, description="Why the full number is needed; kept in the audit log.")


class CorrectionDecisionIn(StrictSchema):
    accept: bool
    note: str = Field("", max_length=2000, description="Required when refusing; the subject sees it.")


class NoteIn(StrictSchema):
    note: str = Field(..., max_length=2000)


class BankReviewIn(StrictSchema):
    approve: bool
    note: str = Field("", max_length=500)


# --- Output -----------------------------------------------------------------------------------------


class UserRef(Schema):
    id: str
    email: str
    full_name: str


class QueueItemOut(Schema):
    id: str
    status: str
    organisation: OrganisationRef
    submitted_at: datetime | None
    waiting_hours: float | None = Field(..., description="SLA age: hours since submission.")
    review_flags: list[str] = Field(..., description="Codes of the automatic checks' flags.")
    reviewer: str | None = Field(..., description="The reviewing operator's id, once in review.")


class CaseBankAccountOut(Schema):
    id: str
    bank_code: str
    number_masked: str
    holder_name: str
    holder_match_score: float | None
    holder_matched: bool | None
    status: str


class DeskTransitionOut(Schema):
    from_status: str
    to_status: str
    at: datetime
    actor: str = Field(..., description="A user's id, or system.")
    actor_kind: str
    reasons: list[ReasonOut]
    note: str


class CaseOut(QueueItemOut):
    status_label: str
    applicant: UserRef | None
    declared: DeclaredOut
    identity_numbers: IdentityNumbersOut
    revealable: list[str] = Field(..., description="Fields with a number the reveal endpoint can show.")
    documents: list[DocumentOut]
    bank_account: CaseBankAccountOut | None = Field(..., description="The account submitted with the application.")
    flags: list[ReasonOut]
    history: list[DeskTransitionOut]
    allowed_actions: list[str] = Field(..., description="start-review, verify, reject, more_info.")
    decided_at: datetime | None


class RevealOut(Schema):
    application: str
    field: str
    value: str = Field(..., description="In full. Not cached, not stored; the read is in the audit log.")


class EventOut(Schema):
    at: datetime
    actor: str
    from_status: str
    to_status: str
    note: str


class DeskDataRequestOut(Schema):
    id: str
    kind: str
    status: str
    subject: UserRef
    application: str | None
    received_at: datetime
    due_at: datetime
    overdue: bool = Field(..., description="Open past its 3 × 24-hour deadline.")
    answered_at: datetime | None
    purpose: str
    correction_fields: list[str]
    note: str
    answer: str
    result: dict[str, Any]


class DeskDataRequestDetailOut(DeskDataRequestOut):
    events: list[EventOut]


class ReviewAccountOut(CaseBankAccountOut):
    organisation: OrganisationRef
    created_at: datetime


def _hours_since(moment: datetime | None) -> float | None:
    return round((timezone.now() - moment).total_seconds() / 3600, 2) if moment else None


def queue_item_out(application: SellerApplication) -> dict:
    return {
        "id": application.public_id, "status": application.status,
        "organisation": organisation_ref(application.organisation), "submitted_at": application.submitted_at,
        "waiting_hours": _hours_since(application.submitted_at) if application.decided_at is None else None,
        "review_flags": [f.get("code", "") for f in application.review_flags],
        "reviewer": application.reviewer.public_id if application.reviewer else None,
    }


def case_bank_account_out(account: BankAccount) -> dict:
    return {"id": account.public_id, "bank_code": account.bank_code, "number_masked": account.number_masked,
            "holder_name": account.holder_name, "holder_match_score": account.holder_match_score,
            "holder_matched": account.holder_matched, "status": account.status}


def case_out(application: SellerApplication) -> dict:
    revealable = [name for name in IDENTITY_FIELDS if identity_present(application, name)]
    account = application.bank_account
    if account is not None and account.number_encrypted:
        revealable.append("bank_account_number")
    return {
        **queue_item_out(application), "status_label": str(application.get_status_display()),
        "applicant": user_ref(application.applicant), "declared": declared_out(application),
        "identity_numbers": identity_numbers_out(application), "revealable": revealable,
        "documents": [document_out(d) for d in application.documents.order_by("kind")],
        "bank_account": case_bank_account_out(account) if account else None,
        "flags": reasons_out(application.review_flags),
        "history": [
            {"from_status": t.from_status, "to_status": t.to_status, "at": t.created_at, "actor": t.actor_label,
             "actor_kind": t.actor_kind, "reasons": reasons_out(t.reasons), "note": t.note}
            for t in application_history(application=application)
        ],
        "allowed_actions": [OPERATOR_ACTIONS[t] for t in allowed_targets(application.status, "operator")],
        "decided_at": application.decided_at,
    }


def desk_data_request_out(request: DataSubjectRequest) -> dict:
    overdue = getattr(request, "overdue", None)
    if overdue is None:
        overdue = request.status == "open" and request.due_at < timezone.now()
    return {
        "id": request.public_id, "kind": request.kind, "status": request.status,
        "subject": user_ref(request.subject), "application": request.application.public_id if request.application
        else None, "received_at": request.created_at, "due_at": request.due_at, "overdue": overdue,
        "answered_at": request.completed_at, "purpose": request.purpose,
        "correction_fields": list(request.correction_fields), "note": request.note, "answer": request.resolution_note,
        "result": request.result,
    }


def event_out(event: DataRequestEvent) -> dict:
    return {"at": event.created_at, "actor": event.actor_label, "from_status": event.from_status,
            "to_status": event.to_status, "note": event.note}


def review_account_out(account: BankAccount) -> dict:
    return {**case_bank_account_out(account), "organisation": organisation_ref(account.organisation),
            "created_at": account.created_at}
