"""`/api/v1/operator/data-requests…` and `/bank-accounts…`: data-subject requests by deadline, and payout
accounts waiting for review. Mounted by desk_api.py, whose router admits operators only."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from lapak.core.errors import NotFound
from lapak.core.schemas import ErrorOut
from lapak.market.sellers.api_common import PageQuery, page_of, paginate
from lapak.market.sellers.api_desk_schemas import (
    BankReviewIn,
    CorrectionDecisionIn,
    DeskDataRequestDetailOut,
    DeskDataRequestOut,
    EventOut,
    NoteIn,
    ReviewAccountOut,
    desk_data_request_out,
    event_out,
    review_account_out,
)
from lapak.market.sellers.models import DataSubjectRequest
from lapak.market.sellers.selectors import bank_accounts_for_review, data_request_for_operator, data_requests_open
from lapak.market.sellers.services import (
    bank_account_review,
    data_correction_decide,
    data_deletion_execute,
    data_request_note,
    data_request_refuse,
)

router = Router(tags=["operator: data-subject requests and payout accounts"])

E = ErrorOut
READ_ERRORS = {401: E, 403: E, 404: E}
WRITE_ERRORS = {400: E, 401: E, 403: E, 404: E, 409: E, 422: E}


def _detail(request: HttpRequest, data_request: DataSubjectRequest) -> dict:
    fresh = data_request_for_operator(actor=request.auth, public_id=data_request.public_id)
    return {**desk_data_request_out(fresh), "events": [event_out(e) for e in fresh.events.all()]}


@router.get("/data-requests", response={200: page_of(DeskDataRequestOut), 401: E, 403: E, 422: E},
            summary="Open data-subject requests, the earliest deadline first (with `overdue`)")
def data_request_queue(request: HttpRequest, page: Query[PageQuery]) -> dict:
    return paginate(data_requests_open(actor=request.auth), page, desk_data_request_out)


@router.get("/data-requests/{request_id}", response={200: DeskDataRequestDetailOut, **READ_ERRORS},
            summary="One data-subject request with its handling history")
def data_request_detail(request: HttpRequest, request_id: str) -> dict:
    return _detail(request, data_request_for_operator(actor=request.auth, public_id=request_id))


@router.post(
    "/data-requests/{request_id}/decide-correction", response={200: DeskDataRequestDetailOut, **WRITE_ERRORS},
    summary="Apply or refuse a correction request",
    description="Accepting writes the sealed new values to the application (a number another seller holds: 409).",
)
def data_request_correction(request: HttpRequest, request_id: str, payload: CorrectionDecisionIn) -> dict:
    data_request = data_request_for_operator(actor=request.auth, public_id=request_id)
    data_correction_decide(request=data_request, actor=request.auth, accept=payload.accept, note=payload.note)
    return _detail(request, data_request)


@router.post(
    "/data-requests/{request_id}/execute-deletion", response={200: DeskDataRequestDetailOut, **WRITE_ERRORS},
    summary="Carry out a deletion request",
    description="Erases what may be erased; the result lists what was kept, under which retention rule, until when.",
)
def data_request_deletion(request: HttpRequest, request_id: str) -> dict:
    data_request = data_request_for_operator(actor=request.auth, public_id=request_id)
    data_deletion_execute(request=data_request, actor=request.auth)
    return _detail(request, data_request)


@router.post("/data-requests/{request_id}/refuse", response={200: DeskDataRequestDetailOut, **WRITE_ERRORS},
             summary="Refuse an open request, saying why")
def data_request_refusal(request: HttpRequest, request_id: str, payload: NoteIn) -> dict:
    data_request = data_request_for_operator(actor=request.auth, public_id=request_id)
    data_request_refuse(request=data_request, actor=request.auth, note=payload.note)
    return _detail(request, data_request)


@router.post("/data-requests/{request_id}/notes", response={201: EventOut, **WRITE_ERRORS},
             summary="Add a note to a request's history")
def data_request_note_add(request: HttpRequest, request_id: str, payload: NoteIn) -> Status[dict]:
    data_request = data_request_for_operator(actor=request.auth, public_id=request_id)
    return Status(201, event_out(data_request_note(request=data_request, actor=request.auth, note=payload.note)))


@router.get("/bank-accounts/review", response={200: page_of(ReviewAccountOut), 401: E, 403: E, 422: E},
            summary="Payout accounts pending, or whose holder name did not match, oldest first")
def bank_account_queue(request: HttpRequest, page: Query[PageQuery]) -> dict:
    return paginate(bank_accounts_for_review(actor=request.auth), page, review_account_out)


@router.post(
    "/bank-accounts/{account_id}/review", response={200: ReviewAccountOut, **WRITE_ERRORS},
    summary="Accept or refuse a payout account",
    description="Only accounts in the review list; a reviewed or replaced account is no longer there (404).",
)
def bank_account_decide(request: HttpRequest, account_id: str, payload: BankReviewIn) -> dict:
    account = bank_accounts_for_review(actor=request.auth).filter(public_id=account_id).first()
    if account is None:
        raise NotFound(_("There is no such payout account waiting for review."), code="bank_account_not_found")
    reviewed = bank_account_review(account=account, actor=request.auth, approve=payload.approve, note=payload.note)
    return review_account_out(reviewed)
