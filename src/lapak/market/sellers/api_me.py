"""`/api/v1/sellers/me/consents`, `/me/data-requests…`: the caller's own consent and data-subject rights.

Everything here concerns the caller as a person (UU 27/2022): no other seller's or member's data is ever
in reach. The export is the one answer of this API with the caller's identity numbers in full; it is
marked `Cache-Control: no-store` and exempt from idempotency storage (settings.IDEMPOTENCY_EXEMPT_PATHS).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import StringConstraints

from lapak.core.errors import RateLimited
from lapak.core.ratelimit import rate_limit_hit
from lapak.core.schemas import ErrorOut, StrictSchema
from lapak.market.sellers.api_common import PageQuery, no_store, page_of, paginate
from lapak.market.sellers.models import ConsentPurpose, ConsentRecord, DataSubjectRequest
from lapak.market.sellers.rules import CONSENT_PURPOSES, REQUIRED_CONSENT_PURPOSES, consent_policy_version
from lapak.market.sellers.selectors import application_for, consent_status, consents_of, data_requests_of
from lapak.market.sellers.services import (
    consent_grant,
    consent_withdraw,
    data_correction_request,
    data_deletion_request,
    data_export_request,
)

router = Router(tags=["sellers: my data"])

E = ErrorOut
WRITE_ERRORS = {400: E, 401: E, 403: E, 404: E, 409: E, 422: E}
EXPORTS_PER_HOUR = 10

CorrectionValue = Annotated[str, StringConstraints(max_length=300)] | bool | None


class ConsentIn(StrictSchema):
    purposes: list[Annotated[str, StringConstraints(max_length=30)]] = Field(
        ..., max_length=10, description=f"Any of {', '.join(CONSENT_PURPOSES)}."
    )
    policy_version: str = Field(..., max_length=30, description="The privacy-notice version the person read.")


class CorrectionIn(StrictSchema):
    application: str = Field(..., max_length=40, description="The id of one of my applications.")
    changes: dict[Annotated[str, StringConstraints(max_length=40)], CorrectionValue] = Field(
        ..., max_length=20, description="Field → corrected value, e.g. {\"full_name\": \"…\"}."
    )
    note: str = Field("", max_length=2000)


class DeletionIn(StrictSchema):
    note: str = Field("", max_length=2000)


class PurposeOut(Schema):
    purpose: str
    label: str
    required: bool = Field(..., description="Needed to submit a seller application.")
    granted: bool = Field(..., description="Live consent at the current policy version.")


class ConsentRecordOut(Schema):
    id: str
    purpose: str
    policy_version: str
    granted_at: datetime
    ended_at: datetime | None
    end_reason: str


class ConsentsOut(Schema):
    policy_version: str = Field(..., description="The current privacy-notice version.")
    purposes: list[PurposeOut]
    history: page_of(ConsentRecordOut)  # type: ignore[valid-type]


class DataRequestOut(Schema):
    id: str
    kind: str
    status: str
    received_at: datetime
    due_at: datetime = Field(..., description="3 × 24 hours after it was received (ID-PDP-2).")
    answered_at: datetime | None
    answer: str
    purpose: str
    application: str | None
    correction_fields: list[str] = Field(..., description="Which fields a correction asks to change (not the values).")
    result: dict[str, Any]


class ExportOut(Schema):
    request: DataRequestOut
    export: dict[str, Any] = Field(..., description="Everything the sellers package holds about me.")


def _record_out(record: ConsentRecord) -> dict:
    return {"id": record.public_id, "purpose": record.purpose, "policy_version": record.policy_version,
            "granted_at": record.granted_at, "ended_at": record.ended_at, "end_reason": record.end_reason}


def _consents_out(user: object, page: PageQuery) -> dict:
    status = consent_status(user=user)
    labels = dict(ConsentPurpose.choices)
    return {
        "policy_version": consent_policy_version(),
        "purposes": [{"purpose": p, "label": str(labels.get(p, p)), "required": p in REQUIRED_CONSENT_PURPOSES,
                      "granted": status[p]} for p in CONSENT_PURPOSES],
        "history": paginate(consents_of(user=user), page, _record_out),
    }


def data_request_out(request: DataSubjectRequest) -> dict:
    return {
        "id": request.public_id, "kind": request.kind, "status": request.status, "received_at": request.created_at,
        "due_at": request.due_at, "answered_at": request.completed_at, "answer": request.resolution_note,
        "purpose": request.purpose, "application": request.application.public_id if request.application else None,
        "correction_fields": list(request.correction_fields), "result": request.result,
    }


@router.get("/me/consents", response={200: ConsentsOut, 401: E, 403: E, 422: E},
            summary="My consent to the processing of identity data, per purpose, with its history")
def consent_list(request: HttpRequest, page: Query[PageQuery]) -> dict:
    return _consents_out(request.auth, page)


@router.post(
    "/me/consents", response={200: ConsentsOut, **WRITE_ERRORS}, summary="Consent to purposes",
    description="`policy_version` must be the current one (422 `consent_policy_changed` if the notice changed).",
)
def consent_create(request: HttpRequest, payload: ConsentIn) -> dict:
    consent_grant(user=request.auth, purposes=payload.purposes, policy_version=payload.policy_version)
    return _consents_out(request.auth, PageQuery())


@router.delete(
    "/me/consents/{purpose}", response={200: DataRequestOut, **WRITE_ERRORS}, summary="Withdraw consent to a purpose",
    description=(
        "Recorded as a data-subject request answered at once. Withdrawing `kyc_verification` withdraws my open "
        "applications."
    ),
)
def consent_delete(request: HttpRequest, purpose: str) -> dict:
    return data_request_out(consent_withdraw(user=request.auth, purpose=purpose))


@router.post(
    "/me/data-requests/export", response={200: ExportOut, 429: E, **WRITE_ERRORS},
    summary="Download my data (JSON)",
    description=(
        "Answered at once: everything the seller side holds about me, my own identity numbers and payout "
        "account numbers in full. Every read is logged. With `include_files=true`, the documents themselves "
        f"(base64). `Cache-Control: no-store`. At most {EXPORTS_PER_HOUR} exports an hour."
    ),
)
def data_export(request: HttpRequest, response: HttpResponse, include_files: bool = False) -> dict:
    if not rate_limit_hit(scope="seller-export", identity=request.auth.public_id, limit=EXPORTS_PER_HOUR,
                          window_seconds=3600):
        raise RateLimited(_("Too many exports. Try again in an hour."), code="rate_limited")
    no_store(response)
    data_request, export = data_export_request(user=request.auth, include_files=include_files)
    return {"request": data_request_out(data_request), "export": export}


@router.post(
    "/me/data-requests/correction", response={201: DataRequestOut, **WRITE_ERRORS},
    summary="Ask for data in one of my applications to be corrected",
    description="An operator decides within 3 × 24 hours. The proposed values are stored encrypted.",
)
def data_correction(request: HttpRequest, payload: CorrectionIn) -> Status[dict]:
    application = application_for(user=request.auth, public_id=payload.application)
    data_request = data_correction_request(user=request.auth, application=application, changes=payload.changes,
                                           note=payload.note)
    return Status(201, data_request_out(data_request))


@router.post(
    "/me/data-requests/deletion", response={201: DataRequestOut, **WRITE_ERRORS},
    summary="Ask for my seller data to be erased", openapi_extra={"requestBody": {"required": False}},
    description="Carried out within 3 × 24 hours; records the law says must be kept are kept, and the answer "
                "says which, and until when.",
)
def data_deletion(request: HttpRequest, payload: DeletionIn | None = None) -> Status[dict]:
    note = payload.note if payload is not None else ""
    return Status(201, data_request_out(data_deletion_request(user=request.auth, note=note)))


@router.get("/me/data-requests", response={200: page_of(DataRequestOut), 401: E, 403: E, 422: E},
            summary="My data-subject requests, newest first")
def data_request_list(request: HttpRequest, page: Query[PageQuery]) -> dict:
    return paginate(data_requests_of(user=request.auth).select_related("application"), page, data_request_out)
