"""Data-subject requests (ID-PDP-2): the queue by deadline, and one request with the actions its kind allows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from lapak.core.errors import LapakError, NotFound, ValidationFailed
from lapak.market.sellers.forms_desk import (
    CorrectionDecideForm,
    DeletionExecuteForm,
    NoteForm,
    ProposalShowForm,
    RefuseForm,
    add_service_errors,
)
from lapak.market.sellers.models import ConsentPurpose, DataSubjectRequest, RequestKind, RequestStatus
from lapak.market.sellers.selectors import data_request_for_operator, data_requests_open
from lapak.market.sellers.services import (
    data_correction_decide,
    data_deletion_execute,
    data_request_note,
    data_request_refuse,
)
from lapak.market.sellers.services import operator_reads as records
from lapak.market.sellers.views_desk import evidence
from lapak.market.sellers.views_desk.common import operator_page

DUE_SOON = timedelta(hours=24)

ITEM_LABELS = {
    "draft_application": gettext_lazy("Draft application (never submitted)"),
    "contact_and_personal_details": gettext_lazy("Phone, address, birth date and sex"),
    "identity_numbers": gettext_lazy("Identity numbers (NIK, passport, NIB, NPWP)"),
    "application_record": gettext_lazy("Application record: names, masked numbers, decisions"),
    "payout_bank_account": gettext_lazy("Payout bank account"),
    "payout_bank_account_number": gettext_lazy("Payout bank account number"),
    "shop_closed": gettext_lazy("Shop (closed)"),
    "pickup_address": gettext_lazy("Pickup street and postcode"),
    "membership": gettext_lazy("Membership of another shop"),
    "consent_records": gettext_lazy("Consent records"),
    "correction_proposals": gettext_lazy("Proposed corrections"),
    "document:ktp_photo": gettext_lazy("KTP photo"),
    "document:passport_photo": gettext_lazy("Passport photo page"),
    "document:selfie": gettext_lazy("Selfie"),
    "document:deed": gettext_lazy("Deed or registration document"),
    "document:business_licence": gettext_lazy("Legalised business licence"),
    "document:standards_proof": gettext_lazy("Proof of standards compliance"),
    "document:surveyor_report": gettext_lazy("Independent surveyor's report"),
}
WHY_LABELS = {
    "trade_record": gettext_lazy("trade record"),
    "decision_record": gettext_lazy("record of the decision"),
    "financial_record": gettext_lazy("financial record"),
    "proof_of_lawful_basis": gettext_lazy("proof of the lawful basis of processing"),
}
FIELD_LABELS = {
    "full_name": gettext_lazy("Full name"),
    "birth_date": gettext_lazy("Birth date"),
    "sex": gettext_lazy("Sex"),
    "phone": gettext_lazy("Phone"),
    "address_line": gettext_lazy("Address"),
    "address_region_code": gettext_lazy("Address village"),
    "address_postcode": gettext_lazy("Postcode"),
    "company_name": gettext_lazy("Company name"),
    "responsible_person_name": gettext_lazy("Responsible person"),
    "origin_address": gettext_lazy("Address in the origin country"),
    "shipping_origin": gettext_lazy("Shipping origin"),
    **evidence.FIELD_LABELS,
}
RETENTION_LABELS = {
    "trade": gettext_lazy("Trade records: 5 years"),
    "financial": gettext_lazy("Financial records: 10 years"),
}


def _request_or_404(request: HttpRequest, public_id: str) -> DataSubjectRequest:
    try:
        return data_request_for_operator(actor=request.user, public_id=public_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None


def _status_label(status: str) -> str:
    return str(dict(RequestStatus.choices).get(status, status))


def _deadline(item: DataSubjectRequest, now: object) -> str:
    if item.status != RequestStatus.OPEN:
        return ""
    return "overdue" if item.due_at < now else "soon" if item.due_at - now < DUE_SOON else "ok"


def _items(result: dict) -> dict[str, list[dict]]:
    """A deletion result ({"erased": [...], "kept": [...]}) with labels in the operator's language."""
    def label(row: dict) -> dict:
        return {**row, "label": ITEM_LABELS.get(row.get("item", ""), row.get("item", "")),
                "why_label": WHY_LABELS.get(row.get("why", ""), row.get("why", "")),
                "retention_label": RETENTION_LABELS.get(row.get("retention_class", ""), "")}
    return {"erased": [label(r) for r in result.get("erased", [])], "kept": [label(r) for r in result.get("kept", [])]}


@operator_page
@require_safe
def request_queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [{"item": item, "deadline": _deadline(item, now)} for item in data_requests_open(actor=request.user)]
    context = {"rows": rows, "overdue": sum(1 for r in rows if r["deadline"] == "overdue")}
    return render(request, "operations/data_requests.html", context)


def request_page(request: HttpRequest, item: DataSubjectRequest, *, status: int = 200, **overrides: object) -> (
        HttpResponse):
    is_open = item.status == RequestStatus.OPEN
    context = {
        "item": item,
        "deadline": _deadline(item, timezone.now()),
        "events": [
            {"event": event, "from_label": _status_label(event.from_status), "to_label": _status_label(event.to_status)}
            for event in item.events.select_related("actor").order_by("created_at", "pk")
        ],
        "purpose_label": dict(ConsentPurpose.choices).get(item.purpose, item.purpose),
        "result_items": _items(item.result) if item.kind == RequestKind.DELETION and item.result else None,
        "is_open": is_open,
        "correction_fields": [FIELD_LABELS.get(name, name) for name in item.correction_fields],
        "note_form": NoteForm(),
        "refuse_form": RefuseForm(),
        "correction_form": CorrectionDecideForm(),
        "proposal_form": ProposalShowForm(),
        "deletion_form": DeletionExecuteForm(),
    }
    if is_open and item.kind == RequestKind.DELETION:
        context["preview"] = _items(records.deletion_preview(request=item, actor=request.user))
    context.update(overrides)
    return render(request, "operations/data_request.html", context, status=status)


@operator_page
@require_safe
def request_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return request_page(request, _request_or_404(request, public_id))


def _done(request: HttpRequest, item: DataSubjectRequest, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("operations:data_request", public_id=item.public_id)


def _failed(request: HttpRequest, item: DataSubjectRequest, exc: LapakError, form_name: str, form: object) -> (
        HttpResponse):
    if isinstance(exc, ValidationFailed):
        add_service_errors(form, exc.fields or {"__all__": [exc.message]}, fallback=None)
        return request_page(request, item, status=422, **{form_name: form})
    item.refresh_from_db()
    return request_page(request, item, status=exc.status, alert=str(exc.message))


def _act(
    request: HttpRequest,
    public_id: str,
    form_class: type,
    form_key: str,
    action: Callable[[DataSubjectRequest, dict], str],
) -> HttpResponse:
    """The shape every handling action shares: valid form, call the service, report back on the page."""
    item = _request_or_404(request, public_id)
    form = form_class(request.POST)
    if not form.is_valid():
        return request_page(request, item, status=422, **{form_key: form})
    try:
        message = action(item, form.cleaned_data)
    except LapakError as exc:
        return _failed(request, item, exc, form_key, form)
    return _done(request, item, message)


@operator_page
@require_POST
def request_note(request: HttpRequest, public_id: str) -> HttpResponse:
    def note(item: DataSubjectRequest, data: dict) -> str:
        data_request_note(request=item, actor=request.user, note=data["note"])
        return _("Note added to the request's history.")

    return _act(request, public_id, NoteForm, "note_form", note)


@operator_page
@require_POST
def request_refuse(request: HttpRequest, public_id: str) -> HttpResponse:
    def refuse(item: DataSubjectRequest, data: dict) -> str:
        if item.kind == RequestKind.CORRECTION:  # also discards the sealed proposal
            data_correction_decide(request=item, actor=request.user, accept=False, note=data["note"])
        else:
            data_request_refuse(request=item, actor=request.user, note=data["note"])
        return _("The request was refused; the person can read your answer.")

    return _act(request, public_id, RefuseForm, "refuse_form", refuse)


@operator_page
@require_POST
def request_correction(request: HttpRequest, public_id: str) -> HttpResponse:
    def decide(item: DataSubjectRequest, data: dict) -> str:
        accept = data["decision"] == "accept"
        data_correction_decide(request=item, actor=request.user, accept=accept, note=data["note"])
        if accept:
            return _("The correction was applied to the application.")
        return _("The correction was refused; the person can read your answer.")

    return _act(request, public_id, CorrectionDecideForm, "correction_form", decide)


@operator_page
@require_POST
def request_proposal(request: HttpRequest, public_id: str) -> HttpResponse:
    """Show a correction's proposed values once, in this response only (the read is logged with the reason)."""
    item = _request_or_404(request, public_id)
    form = ProposalShowForm(request.POST)
    if not form.is_valid():
        return request_page(request, item, status=422, proposal_form=form)
    try:
        proposal = records.correction_proposal_read(request=item, actor=request.user, reason=form.cleaned_data[
            "reason"])
    except LapakError as exc:
        return _failed(request, item, exc, "proposal_form", form)
    rows = [(FIELD_LABELS.get(name, name), value) for name, value in sorted(proposal.items())]
    return request_page(request, item, proposal=rows)


@operator_page
@require_POST
def request_deletion(request: HttpRequest, public_id: str) -> HttpResponse:
    def erase(item: DataSubjectRequest, data: dict) -> str:
        data_deletion_execute(request=item, actor=request.user)
        return _("The erasure was carried out. The list below shows what was erased and kept.")

    return _act(request, public_id, DeletionExecuteForm, "deletion_form", erase)
