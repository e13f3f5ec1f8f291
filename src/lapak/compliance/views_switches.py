"""The console's kill switches and pilots, /operations/compliance/switches/: every jurisdiction's features with
their state, the operator's reason, who changed them when, and the history from the audit log; one feature's
page with the form to change it. A change goes through a confirmation step that shows the reason as refused
sellers and buyers will read it. Operators change; regulators read their own jurisdictions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lapak.compliance.access import console_page, is_operator, readable_jurisdictions
from lapak.compliance.models import FeatureSwitch, Jurisdiction, SwitchState
from lapak.compliance.switch_services import compliance_switch_set, switch_input_check
from lapak.compliance.switches import (
    SwitchRow,
    feature_known,
    feature_label,
    switch_availability,
    switch_board,
    switch_history,
    switches_of,
)
from lapak.compliance.views_switches_forms import SwitchForm
from lapak.core.errors import ValidationFailed

HISTORY_ON_LIST = 20


def _codes(request: HttpRequest) -> list[str]:
    readable = readable_jurisdictions(request.user)
    codes = Jurisdiction.objects.order_by("code").values_list("code", flat=True)
    return [c for c in codes if readable is None or c in readable]


@console_page()
@require_safe
def switch_list(request: HttpRequest) -> HttpResponse:
    sections = [{"code": code, "rows": switch_board(jurisdiction=code),
                 "history": switch_history(jurisdiction=code, limit=HISTORY_ON_LIST)} for code in _codes(request)]
    return render(request, "compliance/switches/list.html",
                  {"sections": sections, "operator": is_operator(request.user)})


def _row(request: HttpRequest, jurisdiction: str, feature: str) -> SwitchRow:
    if jurisdiction not in _codes(request):
        raise Http404(_("There is no such jurisdiction."))
    row = next((r for r in switch_board(jurisdiction=jurisdiction) if r.feature == feature), None)
    if row is None or not feature_known(feature):
        raise Http404(_("There is no such feature."))
    return row


def _detail(request: HttpRequest, row: SwitchRow, form: SwitchForm, *, status: int = 200,
            confirm: bool = False) -> HttpResponse:
    context = {"row": row, "form": form, "confirm": confirm, "operator": is_operator(request.user),
               "history": switch_history(jurisdiction=row.jurisdiction, feature=row.feature)}
    if confirm:
        state = form.cleaned_data["state"]
        context["new_state"] = SwitchState(state).label
        context["sellers"] = form.sellers()
        preview = switch_availability(
            switches_of(jurisdiction=row.jurisdiction, features=[row.feature]).get(row.feature), feature=row.feature)
        context["was_enabled"] = preview.enabled
        if state != SwitchState.ON:
            # An unsaved row, to word the refusal as the people it affects will read it.
            draft = FeatureSwitch(jurisdiction=row.jurisdiction, feature=row.feature, state=state,
                                  reason=form.cleaned_data["reason"], pilot_sellers=context["sellers"])
            context["preview"] = switch_availability(draft, feature=row.feature).reason
    return render(request, "compliance/switches/detail.html", context, status=status)


@console_page()
@require_safe
def switch_detail(request: HttpRequest, jurisdiction: str, feature: str) -> HttpResponse:
    row = _row(request, jurisdiction, feature)
    form = SwitchForm(initial={"state": row.state, "reason": row.reason, "pilot_sellers": "\n".join(row.pilot_sellers)})
    return _detail(request, row, form)


@console_page(write=True)
@require_POST
def switch_change(request: HttpRequest, jurisdiction: str, feature: str) -> HttpResponse:
    row = _row(request, jurisdiction, feature)
    form = SwitchForm(request.POST)
    if not form.is_valid():
        return _detail(request, row, form, status=422)
    arguments = {"jurisdiction": row.jurisdiction, "feature": row.feature, "state": form.cleaned_data["state"],
                 "reason": form.cleaned_data["reason"], "pilot_sellers": form.sellers()}
    try:
        if not form.cleaned_data["confirmed"]:
            switch_input_check(**arguments)
            return _detail(request, row, form, confirm=True)
        compliance_switch_set(actor=request.user.public_id, **arguments)
    except ValidationFailed as exc:
        form.add_service_error(exc)
        return _detail(request, row, form, status=422)
    messages.success(request, _("%(feature)s in %(code)s is now: %(state)s.") % {
        "feature": feature_label(row.feature), "code": row.jurisdiction,
        "state": SwitchState(arguments["state"]).label})
    return redirect("compliance_ops:switch_detail", jurisdiction=row.jurisdiction, feature=row.feature)
