"""The decision console's two actions, operators only: override a decision, answer its appeal. A refusal comes
back on the decision page beside the field (422) or above the form (409 when someone was first)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.compliance.access import console_page
from lapak.compliance.decision_services import appeal_answer, decision_override
from lapak.compliance.models import AppealStatus
from lapak.compliance.selectors import appeal_of
from lapak.compliance.views_decisions import decision_or_404, detail_page
from lapak.compliance.views_decisions_forms import AnswerForm, OverrideForm
from lapak.core.errors import Conflict, PermissionDenied, ValidationFailed


@console_page(write=True)
@require_POST
def decision_override_view(request: HttpRequest, public_id: str) -> HttpResponse:
    decision = decision_or_404(request, public_id)
    form = OverrideForm(request.POST)
    if not form.is_valid():
        return detail_page(request, decision, status=422, override_form=form)
    try:
        decision_override(decision=decision, actor=request.user, outcome=form.cleaned_data["outcome"],
                          reason=form.cleaned_data["reason"])
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    except (ValidationFailed, Conflict) as exc:
        form.add_service_error(exc)
        return detail_page(request, decision_or_404(request, public_id), status=exc.status, override_form=form)
    messages.success(request, _("The decision is overridden."))
    return redirect("compliance_ops:decision", decision.public_id)


@console_page(write=True)
@require_POST
def appeal_answer_view(request: HttpRequest, public_id: str) -> HttpResponse:
    decision = decision_or_404(request, public_id)
    appeal = appeal_of(decision)
    form = AnswerForm(request.POST)
    if appeal is None:
        form.add_error(None, _("This decision has not been appealed."))
        return detail_page(request, decision, status=409, answer_form=form)
    if not form.is_valid():
        return detail_page(request, decision, status=422, answer_form=form)
    try:
        appeal_answer(appeal=appeal, actor=request.user, status=form.cleaned_data["status"],
                      answer=form.cleaned_data["answer"])
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    except (ValidationFailed, Conflict) as exc:
        form.add_service_error(exc)
        return detail_page(request, decision_or_404(request, public_id), status=exc.status, answer_form=form)
    if form.cleaned_data["status"] == AppealStatus.OVERTURNED:
        messages.success(request, _("The appeal is answered: the decision is overturned."))
    else:
        messages.success(request, _("The appeal is answered: the decision stands."))
    return redirect("compliance_ops:decision", decision.public_id)
