"""/api/v1/compliance/ — recorded decisions, overrides and appeals, for operators and regulators.

Operators read every decision and act (override, answer appeals); a regulator reads the decisions of their
own jurisdictions (another jurisdiction's are 404) and never acts (403); anyone else is 403; no token 401.
A seller reads its own shop's decisions and appeals through the market's router (the membership check is market
code): lapak.market.sellers.api_compliance, which reuses the output schemas below.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from lapak.compliance.access import is_operator, is_regulator, require_operator
from lapak.compliance.decision_services import (
    APPEAL_MAX_CHARS,
    TEXT_MAX_CHARS,
    appeal_answer,
    decision_override,
)
from lapak.compliance.explain import reason_text, reason_title
from lapak.compliance.models import Appeal, Decision
from lapak.compliance.selectors import (
    DecisionFilters,
    appeal_get,
    appeal_of,
    appeals_for_reader,
    decision_appealable,
    decision_for_reader,
    decision_get,
    decisions_for_reader,
    effective_outcome,
    override_of,
)
from lapak.core.errors import PermissionDenied
from lapak.core.schemas import ErrorOut, StrictSchema

router = Router(tags=["compliance: decisions"])
E = ErrorOut
READ = {401: E, 403: E, 404: E}
MAX_PAGE = 100
OutcomeName = Literal["allow", "deny", "review"]


class ReasonOut(Schema):
    rule_id: str
    version: int | None = None
    outcome: str = ""
    title: str = Field(..., description="The rule's title in the request's language.")
    explanation: str = Field(..., description="Why, and what to do, in the request's language.")
    legal_basis: str = ""
    title_id: str = ""
    title_en: str = ""
    message_id: str = ""
    message_en: str = ""
    remedy_id: str = ""
    remedy_en: str = ""


class OverrideOut(Schema):
    outcome: str
    reason: str
    operator: str
    created_at: datetime


class AppealOut(Schema):
    id: str
    decision_id: str
    party: str
    text: str
    filed_by: str
    filed_at: datetime
    status: str
    answer: str
    answered_by: str
    answered_at: datetime | None


class DecisionOut(Schema):
    id: str
    event: str
    jurisdiction: str
    subject_type: str
    subject_id: str
    party: str
    outcome: str = Field(..., description="The outcome the engine recorded.")
    effective_outcome: str = Field(..., description="The outcome that stands: the override's, if any.")
    reasons: list[ReasonOut]
    rule_versions: list[dict]
    rule_pack: str
    on: date | None
    decided_at: datetime
    override: OverrideOut | None
    appeal: AppealOut | None
    appealable: bool


class DecisionDetailOut(DecisionOut):
    actor: str
    evidence: dict = Field(..., description="The facts the engine was asked about and the reference data used.")


class DecisionPage(Schema):
    items: list[DecisionOut]
    count: int
    limit: int
    offset: int


class AppealPage(Schema):
    items: list[AppealOut]
    count: int
    limit: int
    offset: int


class DecisionQuery(Schema):
    jurisdiction: str = Field("", max_length=2)
    event: str = Field("", max_length=50)
    outcome: Literal["", "allow", "deny", "review"] = ""
    rule_id: str = Field("", max_length=40)
    party: str = Field("", max_length=64)
    subject_type: str = Field("", max_length=50)
    subject_id: str = Field("", max_length=64)
    since: date | None = None
    until: date | None = None
    appeal: Literal["", "open", "upheld", "overturned"] = ""
    limit: int = Field(20, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=1_000_000)


class AppealQuery(Schema):
    status: Literal["", "open", "upheld", "overturned"] = ""
    limit: int = Field(20, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=1_000_000)


class OverrideIn(StrictSchema):
    outcome: OutcomeName
    reason: str = Field(..., max_length=TEXT_MAX_CHARS)


class AppealIn(StrictSchema):
    text: str = Field(..., max_length=APPEAL_MAX_CHARS)


class AnswerIn(StrictSchema):
    status: Literal["upheld", "overturned"]
    answer: str = Field(..., max_length=TEXT_MAX_CHARS)


def reason_out(reason: dict) -> dict:
    keys = ("title_id", "title_en", "message_id", "message_en", "remedy_id", "remedy_en", "legal_basis", "outcome")
    version = reason.get("version")
    return {"rule_id": str(reason.get("rule_id", "")), "version": version if isinstance(version, int) else None,
            "title": reason_title(reason), "explanation": reason_text(reason),
            **{k: str(reason.get(k) or "") for k in keys}}


def appeal_out(appeal: Appeal) -> dict:
    return {"id": appeal.public_id, "decision_id": appeal.decision.public_id, "party": appeal.party,
            "text": appeal.text, "filed_by": appeal.filed_by, "filed_at": appeal.filed_at, "status": appeal.status,
            "answer": appeal.answer, "answered_by": appeal.answered_by, "answered_at": appeal.answered_at}


def decision_out(decision: Decision, *, detail: bool = False) -> dict:
    override, appeal = override_of(decision), appeal_of(decision)
    out = {
        "id": decision.public_id, "event": decision.event, "jurisdiction": decision.jurisdiction,
        "subject_type": decision.subject_type, "subject_id": decision.subject_id, "party": decision.party,
        "outcome": decision.outcome, "effective_outcome": effective_outcome(decision),
        "reasons": [reason_out(r) for r in decision.reasons or [] if isinstance(r, dict)],
        "rule_versions": list(decision.rule_versions or []), "rule_pack": decision.rule_pack, "on": decision.on,
        "decided_at": decision.decided_at, "appealable": decision_appealable(decision),
        "override": None if override is None else {"outcome": override.outcome, "reason": override.reason,
                                                    "operator": override.operator,
                                                    "created_at": override.created_at},
        "appeal": None if appeal is None else appeal_out(appeal),
    }
    if detail:
        out.update(actor=decision.actor, evidence=decision.evidence or {})
    return out


def _require_reader(request: HttpRequest) -> None:
    if not (is_operator(request.auth) or is_regulator(request.auth)):
        raise PermissionDenied(code="compliance_reader_required")


def _page(rows: object, limit: int, offset: int, render: object) -> dict:
    return {"items": [render(row) for row in rows[offset:offset + limit]], "count": rows.count(), "limit": limit,
            "offset": offset}


@router.get("/decisions", response={200: DecisionPage, **READ, 422: E},
            summary="Recorded decisions, newest first (operators: all; regulators: their jurisdictions)",
            description="Filters: jurisdiction, event, outcome, rule_id (a rule that gave a reason), party (a "
                        "seller organisation), subject_type/subject_id, since/until (the day decided, inclusive), "
                        "appeal (an appeal status).")
def decisions_list(request: HttpRequest, query: Query[DecisionQuery]) -> dict:
    _require_reader(request)
    filters = DecisionFilters(**query.dict(exclude={"limit", "offset"}))
    return _page(decisions_for_reader(user=request.auth, filters=filters), query.limit, query.offset,
                 decision_out)


@router.get("/decisions/{decision_id}", response={200: DecisionDetailOut, **READ},
            summary="One decision with its evidence, rule versions, override and appeal")
def decision_detail(request: HttpRequest, decision_id: str) -> dict:
    _require_reader(request)
    return decision_out(decision_for_reader(user=request.auth, public_id=decision_id), detail=True)


@router.post("/decisions/{decision_id}/override", response={201: DecisionDetailOut, **READ, 409: E, 422: E},
             summary="Override a decision with a new outcome and a written reason (operators; once per decision)")
def decision_override_endpoint(request: HttpRequest, decision_id: str, body: OverrideIn) -> Status:
    require_operator(request.auth)
    decision = decision_get(public_id=decision_id)
    decision_override(decision=decision, actor=request.auth, outcome=body.outcome, reason=body.reason)
    return Status(201, decision_out(decision_get(public_id=decision_id), detail=True))


@router.get("/appeals", response={200: AppealPage, **READ, 422: E},
            summary="Appeals (operators: all; regulators: their jurisdictions); ?status=open is the queue")
def appeals_list(request: HttpRequest, query: Query[AppealQuery]) -> dict:
    _require_reader(request)
    return _page(appeals_for_reader(user=request.auth, status=query.status), query.limit, query.offset, appeal_out)


@router.post("/appeals/{appeal_id}/answer", response={200: AppealOut, **READ, 409: E, 422: E},
             summary="Answer an open appeal: upheld, or overturned (which overrides the decision to allow)")
def appeal_answer_endpoint(request: HttpRequest, appeal_id: str, body: AnswerIn) -> dict:
    require_operator(request.auth)
    appeal = appeal_get(public_id=appeal_id)
    return appeal_out(appeal_answer(appeal=appeal, actor=request.auth, status=body.status, answer=body.answer))
