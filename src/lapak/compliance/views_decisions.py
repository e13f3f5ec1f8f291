"""The decision console (/operations/compliance/decisions/): every recorded decision with filters, and one
decision with its facts, the rule versions evaluated, its reasons in both languages, the override and the appeal.

Operators and regulators read (a regulator only their jurisdictions; another jurisdiction's decision is 404);
the forms to override and to answer an appeal are shown to operators only and post to views_decisions_actions.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lapak.compliance.access import console_page, is_operator
from lapak.compliance.models import AppealStatus, Decision
from lapak.compliance.selectors import (
    appeal_of,
    decision_appealable,
    decision_for_reader,
    decision_is_latest,
    decisions_for_reader,
    effective_outcome,
    override_of,
)
from lapak.compliance.views_decisions_forms import AnswerForm, DecisionFilterForm, OverrideForm
from lapak.core.errors import NotFound

PAGE_SIZE = 50


@console_page()
@require_safe
def decision_list(request: HttpRequest) -> HttpResponse:
    form = DecisionFilterForm(request.GET)
    filters = form.filters()
    rows = decisions_for_reader(user=request.user, filters=filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page", "1")[:10])
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(request, "compliance/decisions/list.html", {
        "form": form, "page": page, "page_query": query,
        "rows": [{"decision": d, "effective": effective_outcome(d), "overridden": override_of(d) is not None,
                  "appeal": appeal_of(d)} for d in page.object_list]})


def decision_or_404(request: HttpRequest, public_id: str) -> Decision:
    try:
        return decision_for_reader(user=request.user, public_id=public_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None


def detail_page(request: HttpRequest, decision: Decision, *, status: int = 200,
                override_form: OverrideForm | None = None, answer_form: AnswerForm | None = None) -> HttpResponse:
    override, appeal = override_of(decision), appeal_of(decision)
    operator = is_operator(request.user)
    return render(request, "compliance/decisions/detail.html", {
        "decision": decision, "override": override, "appeal": appeal, "effective": effective_outcome(decision),
        "appealable": decision_appealable(decision), "latest": decision_is_latest(decision),
        "evidence": json.dumps(decision.evidence, indent=2, ensure_ascii=False, sort_keys=True, default=str),
        "can_override": operator and override is None,
        "can_answer": operator and appeal is not None and appeal.status == AppealStatus.OPEN,
        "override_form": override_form or OverrideForm(),
        "answer_form": answer_form or AnswerForm(),
    }, status=status)


@console_page()
@require_safe
def decision_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return detail_page(request, decision_or_404(request, public_id))
