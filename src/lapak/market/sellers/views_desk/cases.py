"""One KYC case: the evidence side by side, masked numbers with a reasoned reveal, history and decisions."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lapak.core.errors import LapakError, NotFound, PermissionDenied, ValidationFailed
from lapak.market.sellers.errors import TransitionNotAllowed
from lapak.market.sellers.forms_desk import DecisionForm, DocumentsOpenForm, RevealForm, add_service_errors
from lapak.market.sellers.models import ApplicationStatus, SellerApplication
from lapak.market.sellers.selectors import application_history
from lapak.market.sellers.services import (
    allowed_targets,
    application_decide,
    application_review_start,
    identity_reveal,
)
from lapak.market.sellers.services import operator_reads as records
from lapak.market.sellers.services.workflow import OPERATOR
from lapak.market.sellers.views_desk import evidence
from lapak.market.sellers.views_desk.common import case_or_404, language, operator_page, reason_text
from lapak.market.sellers.views_desk.documents import DOCUMENT_ACCESS, documents_grant, documents_granted_until
from lapak.market.sellers.views_desk.queue import sla_level

DECISIONS = (ApplicationStatus.VERIFIED, ApplicationStatus.REJECTED, ApplicationStatus.MORE_INFO_NEEDED)


def _decision_forms(application: SellerApplication, allowed: list[str]) -> dict[str, DecisionForm]:
    return {
        decision: DecisionForm(language=language(),
                               initial={"decision": decision, "expected_status": application.status})
        for decision in DECISIONS if decision in allowed
    }


def reveal_form(field: str, data: object = None) -> RevealForm:
    return RevealForm(data, initial={"field": field}, auto_id=f"id_reveal_{field}_%s")


def case_page(request: HttpRequest, application: SellerApplication, *, status: int = 200, **overrides: object) -> (
        HttpResponse):
    """Render the case page; `overrides` replace forms (bound, with errors) or add a revealed value or alert."""
    allowed = allowed_targets(application.status, OPERATOR)
    history = [
        {"step": step, "reasons": [reason_text(r) for r in step.reasons],
         "actor_name": step.actor.full_name if step.actor_id and step.actor else ""}
        for step in application_history(application=application)
    ]
    documents = list(application.documents.order_by("kind"))
    context = {
        "application": application,
        "organisation": application.organisation,
        "sla": sla_level(application, timezone.now()),
        "numbers": [(number, reveal_form(number.field)) for number in evidence.identity_numbers(application)],
        "nik_rows": evidence.nik_comparisons(application),
        "holder": evidence.holder_comparison(application),
        "duplicates": evidence.duplicates(application),
        "flags": evidence.flag_items(application),
        "history": history,
        "photos": [d for d in documents if d.kind in ("ktp_photo", "passport_photo", "selfie") and not d.erased_at],
        "files": [d for d in documents if d.kind not in ("ktp_photo", "passport_photo", "selfie")
                  or d.erased_at],
        "documents_until": documents_granted_until(request, application),
        "other_applications": application.organisation.applications.exclude(pk=application.pk).order_by(
            "-created_at"),
        "can_start_review": ApplicationStatus.IN_REVIEW in allowed,
        "decision_forms": _decision_forms(application, allowed),
        "documents_form": DocumentsOpenForm(),
    }
    if "reveal_form" in overrides:
        form = overrides.pop("reveal_form")
        context["numbers"] = [(n, form if n.field == form.data.get("field") else f) for n, f in context["numbers"]]
    if "decision_form" in overrides:
        form = overrides.pop("decision_form")
        context["decision_forms"][form.data.get("decision")] = form
    context.update(overrides)
    return render(request, "operations/case.html", context, status=status)


@operator_page
@require_safe
def case_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return case_page(request, case_or_404(request, public_id))


@operator_page
@require_POST
def case_reveal(request: HttpRequest, public_id: str) -> HttpResponse:
    """Show one full number, once: it is rendered into this response only (never stored, never cached)."""
    application = case_or_404(request, public_id)
    form = reveal_form(str(request.POST.get("field", ""))[:30], request.POST)
    if not form.is_valid():
        return case_page(request, application, status=422, reveal_form=form)
    field = form.cleaned_data["field"]
    try:
        value = identity_reveal(application=application, field=field, actor=request.user,
                                reason=form.cleaned_data["reason"])
    except NotFound as exc:  # the case holds no such number
        return case_page(request, application, status=422, alert=str(exc.message))
    except ValidationFailed as exc:
        add_service_errors(form, exc.fields or {"reason": [exc.message]}, fallback="reason")
        return case_page(request, application, status=422, reveal_form=form)
    decoded = evidence.decoded_nik(value, application, field) if field in ("nik", "responsible_nik") else []
    revealed = {"field": field, "label": evidence.FIELD_LABELS[field], "value": value, "decoded": decoded}
    return case_page(request, application, revealed=revealed)


@operator_page
@require_POST
def case_documents_open(request: HttpRequest, public_id: str) -> HttpResponse:
    """Record the operator's reason, then open the case's photos and documents in this session."""
    application = case_or_404(request, public_id)
    form = DocumentsOpenForm(request.POST)
    if form.is_valid():
        try:
            records.documents_open(application=application, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationFailed as exc:
            add_service_errors(form, exc.fields, fallback="reason")
    if form.errors:
        return case_page(request, application, status=422, documents_form=form)
    documents_grant(request, application)
    messages.info(request, _("The identity photos and documents are open for %(minutes)s minutes. Each one shown "
                             "is logged.") % {"minutes": int(DOCUMENT_ACCESS.total_seconds() // 60)})
    return redirect(reverse("operations:case", kwargs={"public_id": application.public_id}) + "#documents")


@operator_page
@require_POST
def case_review_start(request: HttpRequest, public_id: str) -> HttpResponse:
    application = case_or_404(request, public_id)
    try:
        application = application_review_start(application=application, actor=request.user)
    except LapakError as exc:
        return _refused(request, application, exc, expected=request.POST.get("expected_status", ""),
                        deciding=False)
    messages.success(request, _("You are now reviewing this case."))
    return redirect("operations:case", public_id=application.public_id)


@operator_page
@require_POST
def case_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    application = case_or_404(request, public_id)
    form = DecisionForm(request.POST, language=language())
    if not form.is_valid():
        if form.data.get("decision") not in DECISIONS:
            return case_page(request, application, status=400, alert=_("Choose one of the decisions offered."))
        return case_page(request, application, status=422, decision_form=form)
    data = form.cleaned_data
    try:
        decided = application_decide(application=application, actor=request.user, decision=data["decision"],
                                     reason_codes=data["reason_codes"], note=data["note"])
    except ValidationFailed as exc:
        add_service_errors(form, exc.fields or {"__all__": [exc.message]})
        return case_page(request, application, status=422, decision_form=form)
    except LapakError as exc:
        return _refused(request, application, exc, expected=data.get("expected_status", ""), deciding=True)
    messages.success(request, _("Decision recorded: the case is now “%(status)s”.") % {
        "status": decided.get_status_display()})
    return redirect("operations:case", public_id=decided.public_id)


def _refused(request: HttpRequest, application: SellerApplication, exc: LapakError, *, expected: str,
             deciding: bool) -> HttpResponse:
    """Re-show the case as it now is, saying why the step was not taken."""
    application.refresh_from_db()
    if isinstance(exc, TransitionNotAllowed) and expected and expected != application.status:
        # The state moved between the page being shown and the button being pressed: someone else acted first.
        who = application.reviewer.full_name if application.reviewer else ""
        values = {"status": application.get_status_display()}
        if deciding:
            alert = _("This case was already decided by another operator: it is now “%(status)s”. Your decision "
                      "was not recorded.") % values
        else:
            alert = _("Another operator has already taken this case: it is now “%(status)s”.") % values
        if who:
            alert += " " + _("Reviewer: %(name)s.") % {"name": who}
    else:
        alert = str(exc.message)
        details = [str(m) for messages_ in (exc.fields or {}).values() for m in messages_]
        if details:
            alert += " " + " ".join(details)
    status = 403 if isinstance(exc, PermissionDenied) else exc.status
    return case_page(request, application, status=status, alert=alert)
