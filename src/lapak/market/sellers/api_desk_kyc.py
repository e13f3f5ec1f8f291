"""`/api/v1/operator/kyc/…`: the review queue, one case with its evidence, start review, decide, reveal.
Mounted by desk_api.py, whose router admits operators only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from lapak.core.schemas import ErrorOut
from lapak.market.sellers.api_common import PageQuery, no_store, page_of, paginate
from lapak.market.sellers.api_desk_schemas import (
    DECISIONS,
    CaseOut,
    DecisionIn,
    QueueItemOut,
    RevealIn,
    RevealOut,
    case_out,
    queue_item_out,
)
from lapak.market.sellers.models import ApplicationStatus
from lapak.market.sellers.selectors import application_for_operator, application_queue
from lapak.market.sellers.services import application_decide, application_review_start, identity_reveal

router = Router(tags=["operator: KYC review"])

E = ErrorOut
READ_ERRORS = {401: E, 403: E, 404: E}
WRITE_ERRORS = {400: E, 401: E, 403: E, 404: E, 409: E, 422: E}
# Reveals live under their own prefix so that settings.IDEMPOTENCY_EXEMPT_PATHS can exempt them (its
# entries are exact paths or prefixes, and the application id sits in the middle of the case's paths).
REVEAL_PREFIX = "/kyc/reveals/"


@router.get(
    "/kyc/applications", response={200: page_of(QueueItemOut), 401: E, 403: E, 422: E},
    summary="The review queue, oldest submission first",
    description="Without `status`: submitted, in review and waiting for more information. `waiting_hours` is the "
                "SLA age.",
)
def queue(
    request: HttpRequest,
    page: Query[PageQuery],
    status: ApplicationStatus | None = None,
    flag: str | None = Query(None, max_length=60, description="Only applications with this review flag."),
    jurisdiction: str | None = Query(None, min_length=2, max_length=2, pattern="^[A-Z]{2}$"),
) -> dict:
    rows = application_queue(actor=request.auth, status=status, flag=flag, jurisdiction=jurisdiction)
    return paginate(rows, page, queue_item_out)


@router.get("/kyc/applications/{application_id}", response={200: CaseOut, **READ_ERRORS},
            summary="One case: declared data, masked numbers, documents, flags and history")
def case_detail(request: HttpRequest, application_id: str) -> dict:
    return case_out(application_for_operator(actor=request.auth, public_id=application_id))


@router.post("/kyc/applications/{application_id}/start-review", response={200: CaseOut, **WRITE_ERRORS},
             summary="Take a submitted application into review (you become its reviewer)")
def case_review_start(request: HttpRequest, application_id: str) -> dict:
    application = application_for_operator(actor=request.auth, public_id=application_id)
    application_review_start(application=application, actor=request.auth)
    return case_out(application_for_operator(actor=request.auth, public_id=application_id))


@router.post(
    "/kyc/applications/{application_id}/decision", response={200: CaseOut, **WRITE_ERRORS},
    summary="Verify, reject, or ask for more information",
    description=(
        "`reject` and `more_info` need at least one reason code (`other` needs a note). Of two operators "
        "deciding at once, one wins and the other gets 409 `transition_not_allowed`."
    ),
)
def case_decide(request: HttpRequest, application_id: str, payload: DecisionIn) -> dict:
    application = application_for_operator(actor=request.auth, public_id=application_id)
    application_decide(application=application, actor=request.auth, decision=DECISIONS[payload.decision],
                       reason_codes=payload.reason_codes, note=payload.note)
    return case_out(application_for_operator(actor=request.auth, public_id=application_id))


@router.post(
    REVEAL_PREFIX + "{application_id}", response={200: RevealOut, **WRITE_ERRORS},
    summary="Show one identity number in full, for a stated reason",
    description=(
        "Needs a reason; the read and the reason are written to the audit log. The answer is marked "
        "`Cache-Control: no-store` and is never kept for idempotent replay."
    ),
)
def case_reveal(request: HttpRequest, response: HttpResponse, application_id: str, payload: RevealIn) -> dict:
    application = application_for_operator(actor=request.auth, public_id=application_id)
    no_store(response)
    value = identity_reveal(application=application, field=payload.field, actor=request.auth, reason=payload.reason)
    return {"application": application.public_id, "field": payload.field, "value": value}
