"""/api/v1/compliance/ — rules, their versions (draft, dry run, activate, withdraw) and re-evaluation runs.

Operators read everything and write; a regulator reads the rules and runs of their own jurisdictions
(another's are 404) and never writes (403); anyone else is 403; no token 401.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status

from lapak.compliance.models import ReevaluationRun, Rule, RuleVersion
from lapak.compliance.reevaluation import rule_version_dry_run
from lapak.compliance.rule_selectors import (
    rule_for_reader,
    rule_version_for_reader,
    rules_for_reader,
    run_for_reader,
    runs_for_reader,
    versions_in_force,
)
from lapak.compliance.rule_services import rule_version_activate, rule_version_draft, rule_version_withdraw
from lapak.core.schemas import ErrorOut, StrictSchema

router = Router(tags=["compliance: rules"])
E = ErrorOut
READ = {401: E, 403: E, 404: E}
WRITE = {400: E, 401: E, 403: E, 404: E, 409: E, 422: E}
PAGE = 50
JURISDICTION = Query(None, min_length=2, max_length=2, pattern="^[A-Z]{2}$")


class VersionOut(Schema):
    version: int
    status: str
    parameters: dict
    effective_from: date
    effective_until: date | None
    note: str
    created_by: str
    created_at: datetime
    activated_by: str
    activated_at: datetime | None


class RuleOut(Schema):
    rule_id: str
    jurisdiction: str
    title: str = Field(..., description="The title in the request's language.")
    title_id: str
    title_en: str
    legal_basis: str
    events: list[str]
    evaluator: str
    effective_from: date
    effective_until: date | None
    source_confirmed: bool
    versions_in_force: list[int]


class RuleDetailOut(RuleOut):
    explanation_id: str
    explanation_en: str
    remedy_id: str
    remedy_en: str
    versions: list[VersionOut]


class RunOut(Schema):
    id: str
    jurisdiction: str
    event: str
    cause: str
    dry_run: bool
    candidate: str | None = Field(None, description="`<rule id>/v<n>` of the version tried, for a dry run.")
    on: date
    status: str
    examined: int
    changed: int = Field(..., description="Allowed before, refused now (a dry run: would be).")
    restored: int = Field(..., description="Refused before, allowed now (counted; nothing is re-activated).")
    examples: list[dict]
    requested_by: str
    started_at: datetime
    finished_at: datetime | None


class RunPageOut(Schema):
    items: list[RunOut]
    page: int
    has_next: bool


class RunsOut(Schema):
    runs: list[RunOut]


class DraftIn(StrictSchema):
    parameters: Any = Field(..., description="A JSON object the rule's evaluator accepts.")
    effective_from: date
    effective_until: date | None = None
    note: str = Field("", max_length=2000)


def version_out(version: RuleVersion) -> dict:
    return {f: getattr(version, f) for f in VersionOut.model_fields}


def rule_out(rule: Rule, *, detail: bool = False) -> dict:
    language = "en" if (get_language() or "id").startswith("en") else "id"
    out = {f: getattr(rule, f) for f in RuleOut.model_fields if hasattr(rule, f) and f != "versions_in_force"}
    out.update(title=getattr(rule, f"title_{language}"), versions_in_force=[v.version for v in versions_in_force(rule)])
    if detail:
        out.update({f: getattr(rule, f) for f in ("explanation_id", "explanation_en", "remedy_id", "remedy_en")})
        out["versions"] = [version_out(v) for v in rule.versions.all()]
    return out


def run_out(run: ReevaluationRun) -> dict:
    out = {f: getattr(run, f) for f in RunOut.model_fields if f not in ("id", "candidate")}
    candidate = run.candidate
    return {**out, "id": run.public_id,
            "candidate": candidate and f"{candidate.rule.rule_id}/v{candidate.version}"}


@router.get("/rules", response={200: list[RuleOut], **READ}, summary="The rules, with the versions in force today")
def rule_list(request: HttpRequest, jurisdiction: str | None = JURISDICTION) -> list[dict]:
    return [rule_out(r) for r in rules_for_reader(user=request.auth, jurisdiction=jurisdiction)]


@router.get("/rules/{rule_id}", response={200: RuleDetailOut, **READ},
            summary="One rule: its texts in both languages and every version with parameters and dates")
def rule_detail(request: HttpRequest, rule_id: str) -> dict:
    return rule_out(rule_for_reader(user=request.auth, rule_id=rule_id), detail=True)


@router.post("/rules/{rule_id}/versions", response={201: VersionOut, **WRITE},
             summary="Draft the next version of a rule (operators)",
             description="Parameters the rule's evaluator does not accept are refused with `parameters.<name>` "
                         "field errors; the draft is in force nowhere until activated.")
def version_draft(request: HttpRequest, rule_id: str, payload: DraftIn) -> Status:
    rule = rule_for_reader(user=request.auth, rule_id=rule_id)
    version = rule_version_draft(rule=rule, parameters=payload.parameters, effective_from=payload.effective_from,
                                 effective_until=payload.effective_until, note=payload.note, actor=request.auth)
    return Status(201, version_out(version))


@router.post("/rules/{rule_id}/versions/{version}/dry-run", response={202: RunsOut, **WRITE},
             summary="Try a draft against the existing listings and sellers, changing nothing (operators)",
             description="One run per event with standing subjects; read them at `/reevaluations/{id}`.")
def version_dry_run(request: HttpRequest, rule_id: str, version: int) -> Status:
    found = rule_version_for_reader(user=request.auth, rule_id=rule_id, version=version)
    runs = rule_version_dry_run(version=found, actor=request.auth)
    return Status(202, {"runs": [run_out(ReevaluationRun.objects.select_related("candidate__rule").get(pk=r.pk))
                                 for r in runs]})


@router.post("/rules/{rule_id}/versions/{version}/activate", response={200: VersionOut, **WRITE},
             summary="Put a draft in force (operators); overlapping dates are a 409")
def version_activate(request: HttpRequest, rule_id: str, version: int) -> dict:
    found = rule_version_for_reader(user=request.auth, rule_id=rule_id, version=version)
    return version_out(rule_version_activate(version=found, actor=request.auth))


@router.post("/rules/{rule_id}/versions/{version}/withdraw", response={200: VersionOut, **WRITE},
             summary="Withdraw a draft (operators)")
def version_withdraw(request: HttpRequest, rule_id: str, version: int) -> dict:
    found = rule_version_for_reader(user=request.auth, rule_id=rule_id, version=version)
    return version_out(rule_version_withdraw(version=found, actor=request.auth))


@router.get("/reevaluations", response={200: RunPageOut, **READ}, summary="Re-evaluation runs and dry runs, newest "
            "first")
def run_list(request: HttpRequest, jurisdiction: str | None = JURISDICTION, dry_run: bool | None = None,
             page: int = Query(1, ge=1, le=10_000)) -> dict:
    runs = runs_for_reader(user=request.auth, jurisdiction=jurisdiction, dry_run=dry_run)
    rows = list(runs[(page - 1) * PAGE: page * PAGE + 1])
    return {"items": [run_out(r) for r in rows[:PAGE]], "page": page, "has_next": len(rows) > PAGE}


@router.get("/reevaluations/{run_id}", response={200: RunOut, **READ}, summary="One run with its counts and examples")
def run_detail(request: HttpRequest, run_id: str) -> dict:
    return run_out(run_for_reader(user=request.auth, public_id=run_id))
