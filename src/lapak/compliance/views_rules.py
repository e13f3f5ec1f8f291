"""The rules console (/operations/compliance/rules/): the rules of each jurisdiction with the versions in force,
one rule with its texts in both languages and every version, and the re-evaluation runs (dry runs included).

Operators and regulators read (a regulator only their jurisdictions; another's rule or run is 404); the draft
form and the dry-run, activate and withdraw buttons are for operators and post to views_rules_actions.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from lapak.compliance.access import console_page, is_operator, readable_jurisdictions
from lapak.compliance.models import Jurisdiction, ReevaluationRun, Rule
from lapak.compliance.rule_selectors import (
    rule_for_reader,
    rules_for_reader,
    run_for_reader,
    runs_for_reader,
    versions_in_force,
)
from lapak.core.errors import NotFound

PAGE_SIZE = 50


def _language() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def _jurisdictions(user: object) -> list[Jurisdiction]:
    readable = readable_jurisdictions(user)
    rows = Jurisdiction.objects.order_by("code")
    return list(rows if readable is None else rows.filter(code__in=readable))


@console_page()
@require_safe
def rule_list(request: HttpRequest) -> HttpResponse:
    jurisdictions = _jurisdictions(request.user)
    chosen = request.GET.get("jurisdiction", "")[:2].upper()
    if chosen not in {j.code for j in jurisdictions}:
        chosen = jurisdictions[0].code if jurisdictions else ""
    language = _language()
    rows = [{"rule": r, "title": getattr(r, f"title_{language}"), "in_force": versions_in_force(r),
             "drafts": [v for v in r.versions.all() if v.status == "draft"]}
            for r in rules_for_reader(user=request.user, jurisdiction=chosen or "--")]
    return render(request, "compliance/rules/list.html", {
        "rows": rows, "jurisdictions": jurisdictions, "chosen": chosen})


def rule_or_404(request: HttpRequest, rule_id: str) -> Rule:
    try:
        return rule_for_reader(user=request.user, rule_id=rule_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None


def rule_page(request: HttpRequest, rule: Rule, *, status: int = 200, form: object = None,
              error: str = "") -> HttpResponse:
    language = _language()
    runs = list(runs_for_reader(user=request.user, rule=rule)[:10])
    return render(request, "compliance/rules/detail.html", {
        "rule": rule, "title": getattr(rule, f"title_{language}"), "versions": list(rule.versions.all()),
        "in_force": {v.pk for v in versions_in_force(rule)}, "runs": runs, "operator": is_operator(request.user),
        "form": form, "error": error}, status=status)


@console_page()
@require_safe
def rule_detail(request: HttpRequest, rule_id: str) -> HttpResponse:
    return rule_page(request, rule_or_404(request, rule_id))


@console_page()
@require_safe
def run_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(runs_for_reader(user=request.user), PAGE_SIZE).get_page(request.GET.get("page", "1")[:10])
    return render(request, "compliance/rules/runs.html", {"page": page, "runs": page.object_list})


def run_or_404(request: HttpRequest, public_id: str) -> ReevaluationRun:
    try:
        return run_for_reader(user=request.user, public_id=public_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None


@console_page()
@require_safe
def run_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    run = run_or_404(request, public_id)
    message = f"message_{_language()}"
    examples = [{**e, "texts": [f"{r.get('rule_id')}: {r.get(message, '')}" for r in e.get("reasons", [])]}
                for e in run.examples]
    return render(request, "compliance/rules/run.html", {"run": run, "examples": examples})
