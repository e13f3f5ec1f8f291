"""The shop's compliance decisions in the seller centre: /seller/compliance/<org>/decisions/.

Every member reads the shop's decisions, in their language, with what to do; the owner and managers may appeal
a refusal or a decision sent for review, once. Another shop's decisions are 404, as is the shop to non-members.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from lapak.compliance.decision_services import APPEAL_MAX_CHARS
from lapak.compliance.models import Decision, Outcome
from lapak.compliance.selectors import (
    appeal_of,
    decision_appealable,
    decision_for_party,
    decisions_for_party,
    effective_outcome,
    override_of,
)
from lapak.core.errors import Conflict, PermissionDenied, ValidationFailed
from lapak.market.sellers.forms.base import ServiceErrorsForm
from lapak.market.sellers.permissions import EDITORS
from lapak.market.sellers.selectors import member_role_of, organisation_for
from lapak.market.sellers.services.compliance_appeals import shop_decision_appeal
from lapak.market.sellers.views.common import role_label, seller_page

PAGE_SIZE = 25
FILTERS = {"": gettext_lazy("All"), Outcome.DENY: gettext_lazy("Refused"),
           Outcome.REVIEW: gettext_lazy("Sent for review"), Outcome.ALLOW: gettext_lazy("Allowed")}
EVENTS = {
    "seller.verify": gettext_lazy("Shop verification"), "listing.publish": gettext_lazy("Listing"),
    "checkout.place": gettext_lazy("Order"), "escrow.release": gettext_lazy("Escrow release"),
    "payout.release": gettext_lazy("Payout"), "content.publish": gettext_lazy("Content"),
}


class AppealForm(ServiceErrorsForm):
    text = forms.CharField(
        label=gettext_lazy("Why should the decision change?"), max_length=APPEAL_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("An operator reads it and answers. You can appeal a decision only once."),
        error_messages={"required": gettext_lazy("Write why the decision should change.")})


def _subject_url(organisation: object, decision: Decision) -> str:
    try:
        if decision.subject_type == "product":
            return reverse("catalog_seller:product", args=[organisation.public_id, decision.subject_id])
        if decision.subject_type == "seller_application":
            return reverse("sellers:application", args=[decision.subject_id])
    except NoReverseMatch:
        return ""
    return ""


def _context(request: HttpRequest, organisation: object, **extra: object) -> dict:
    role = member_role_of(organisation, request.user)
    return {"organisation": organisation, "role": role, "role_label": role_label(role), "section": "compliance",
            "can_appeal_role": role in EDITORS, **extra}


@require_safe
@seller_page
def decisions(request: HttpRequest, org: str) -> HttpResponse:
    organisation = organisation_for(user=request.user, public_id=org)
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in FILTERS else ""
    page = Paginator(decisions_for_party(party=organisation.public_id, outcome=outcome), PAGE_SIZE).get_page(
        request.GET.get("page", "1")[:10])
    rows = [{"decision": d, "event": EVENTS.get(d.event, d.event), "effective": effective_outcome(d),
             "appeal": appeal_of(d), "appealable": decision_appealable(d)} for d in page.object_list]
    tabs = [{"value": value, "label": label, "current": value == outcome,
             "query": urlencode({"outcome": value} if value else {})} for value, label in FILTERS.items()]
    return render(request, "sellers/compliance/decisions.html", _context(
        request, organisation, page=page, rows=rows, tabs=tabs, page_query=urlencode({"outcome": outcome})))


def decision_page(request: HttpRequest, organisation: object, decision: Decision, *, form: AppealForm | None = None,
                  status: int = 200) -> HttpResponse:
    return render(request, "sellers/compliance/decision.html", _context(
        request, organisation, decision=decision, event=EVENTS.get(decision.event, decision.event),
        effective=effective_outcome(decision), override=override_of(decision), appeal=appeal_of(decision),
        appealable=decision_appealable(decision), subject_url=_subject_url(organisation, decision),
        form=form or AppealForm()), status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@seller_page
def decision(request: HttpRequest, org: str, dec: str) -> HttpResponse:
    organisation = organisation_for(user=request.user, public_id=org)
    found = decision_for_party(party=organisation.public_id, public_id=dec)
    if request.method != "POST":
        return decision_page(request, organisation, found)
    form = AppealForm(request.POST)
    if not form.is_valid():
        return decision_page(request, organisation, found, form=form, status=422)
    try:
        shop_decision_appeal(organisation=organisation, actor=request.user, decision_id=found.public_id,
                             text=form.cleaned_data["text"])
    except (ValidationFailed, Conflict, PermissionDenied) as exc:
        form.add_service_error(exc)
        found = decision_for_party(party=organisation.public_id, public_id=dec)
        return decision_page(request, organisation, found, form=form, status=exc.status)
    messages.success(request, _("Your appeal is sent. An operator will answer it here."))
    return redirect("sellers:compliance_decision", organisation.public_id, found.public_id)
