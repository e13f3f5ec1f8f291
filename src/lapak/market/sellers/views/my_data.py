""""My data" (ID-PDP-2): download it, ask for corrections or deletion, see and withdraw consent, follow requests.

Every request is answered within 3×24 hours; the page shows each one's due time. The export is served as an
attachment that no cache may keep (it holds the person's identity numbers in full).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST, require_safe

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.forms.apply import CONSENT_EXPLANATIONS
from lapak.market.sellers.forms.my_data import CORRECTION_LABELS, CorrectionForm, DeletionForm, ExportForm
from lapak.market.sellers.models import ConsentPurpose, DocumentKind
from lapak.market.sellers.rules import CONSENT_PURPOSES, RETENTION_FINANCIAL, RETENTION_TRADE
from lapak.market.sellers.selectors import application_for, applications_for, consents_of, data_requests_of
from lapak.market.sellers.services import (
    consent_withdraw,
    data_correction_request,
    data_deletion_request,
    data_export_request,
)
from lapak.market.sellers.views.common import seller_page


def _applications(request: HttpRequest) -> list[tuple[str, str]]:
    mine = applications_for(user=request.user).filter(applicant=request.user)
    return [(a.public_id, f"{a.organisation.shop_name} · {a.get_status_display()} · "
                          f"{date_filter(localtime(a.created_at), 'j M Y')}") for a in mine]


def _page(request: HttpRequest, *, correction: CorrectionForm | None = None, deletion: DeletionForm | None = None,
          status: int = 200) -> HttpResponse:
    user = request.user
    records = list(consents_of(user=user))
    labels = dict(ConsentPurpose.choices)
    consents = []
    for purpose in CONSENT_PURPOSES:
        own = [r for r in records if r.purpose == purpose]
        live = next((r for r in own if r.ended_at is None), None)
        consents.append({"purpose": purpose, "label": labels[purpose], "explanation": CONSENT_EXPLANATIONS[purpose],
                         "live": live, "last": own[0] if own else None})
    now = timezone.now()
    requests = [_request_entry(r, now) for r in data_requests_of(user=user)]
    today = timezone.localdate()
    applications = _applications(request)
    context = {
        "consents": consents, "requests": requests, "export_form": ExportForm(),
        "correction_form": correction or CorrectionForm(applications=applications),
        "deletion_form": deletion or DeletionForm(), "has_applications": bool(applications),
        "trade_until": RETENTION_TRADE.until(today), "financial_until": RETENTION_FINANCIAL.until(today),
    }
    return render(request, "sellers/my_data.html", context, status=status)


# What a deletion's result names, in words (see services/data_erasure.py).
RESULT_ITEMS = {
    "application_record": _l("Decision record of an application"), "consent_records": _l("Consent records"),
    "contact_and_personal_details": _l("Phone, birth date, sex and address"),
    "correction_proposals": _l("Proposed corrections"), "draft_application": _l("Draft application"),
    "identity_numbers": _l("Identity numbers"), "membership": _l("Membership of a shop"),
    "payout_bank_account": _l("Payout account"), "payout_bank_account_number": _l("Payout account number"),
    "shop_closed": _l("Shop (closed)"),
    "pickup_address": _l("Pickup street and postcode"),
}


def _item_label(item: str) -> str:
    if item.startswith("document:"):
        return str(dict(DocumentKind.choices).get(item.removeprefix("document:"), item))
    return str(RESULT_ITEMS.get(item, item))


def _request_entry(request: object, now: object) -> dict:
    result = request.result or {}
    return {
        "request": request, "overdue": request.status == "open" and request.due_at < now,
        "fields": [str(CORRECTION_LABELS.get(name, name)) for name in request.correction_fields],
        "erased": [_item_label(e.get("item", "")) for e in result.get("erased", [])],
        "kept": [(_item_label(k.get("item", "")), k.get("until", "")) for k in result.get("kept", [])],
    }


@require_safe
@seller_page
def my_data(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@seller_page
def my_data_export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.POST)
    include_files = form.is_valid() and form.cleaned_data["include_files"]
    _request, export = data_export_request(user=request.user, include_files=include_files)
    body = json.dumps(export, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"lapak-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@seller_page
def my_data_correction(request: HttpRequest) -> HttpResponse:
    form = CorrectionForm(request.POST, applications=_applications(request))
    if form.is_valid():
        application = application_for(user=request.user, public_id=form.cleaned_data["application"])
        try:
            data_correction_request(user=request.user, application=application, changes=form.changes,
                                    note=form.cleaned_data["note"])
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Your correction request is received. We answer within 3×24 hours."))
            return redirect("sellers:my_data")
    return _page(request, correction=form, status=422)


@require_POST
@seller_page
def my_data_deletion(request: HttpRequest) -> HttpResponse:
    form = DeletionForm(request.POST)
    if not form.is_valid():
        return _page(request, deletion=form, status=422)
    data_deletion_request(user=request.user, note=form.cleaned_data["note"])
    messages.success(request, _("Your deletion request is received. We carry it out within 3×24 hours."))
    return redirect("sellers:my_data")


@require_POST
@seller_page
def consent_withdraw_view(request: HttpRequest, purpose: str) -> HttpResponse:
    if purpose not in CONSENT_PURPOSES:
        raise Http404
    try:
        result = consent_withdraw(user=request.user, purpose=purpose)
    except Conflict as exc:
        messages.error(request, str(exc.message))
        return redirect("sellers:my_data")
    withdrawn = result.result.get("applications_withdrawn") or []
    if withdrawn:
        messages.info(request, _("Consent is withdrawn. Your open applications were withdrawn too, since they can "
                                 "no longer be processed."))
    else:
        messages.info(request, _("Consent is withdrawn."))
    return redirect("sellers:my_data")
