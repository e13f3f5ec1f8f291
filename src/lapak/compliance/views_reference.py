"""The reference-data console (/operations/compliance/reference/): an index, and the positive-list versions
(list, a draft from a CSV, one version's codes, activation). Reading is for operators and regulators (their own
jurisdictions); changing is for operators. The other tables are in views_reference_tables.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lapak.compliance import reference_csv as imports
from lapak.compliance import reference_selectors as sel
from lapak.compliance.access import console_page, is_operator, readable_jurisdictions
from lapak.compliance.forms_reference import HsVersionForm
from lapak.compliance.reference import ReferenceView
from lapak.compliance.reference_services import hs_list_version_activate
from lapak.core.errors import Conflict, NotFound, ValidationFailed


def allowed_jurisdictions(request: HttpRequest) -> list[str]:
    return sel.jurisdiction_codes(readable=readable_jurisdictions(request.user))


def chosen_jurisdictions(request: HttpRequest) -> tuple[str, list[str]]:
    """The ?jurisdiction= filter ("" for all the reader may see) and the codes it stands for."""
    allowed = allowed_jurisdictions(request)
    chosen = request.GET.get("jurisdiction", "")[:2]
    return (chosen, [chosen]) if chosen in allowed else ("", allowed)


def base_context(request: HttpRequest, **extra: object) -> dict:
    return {"can_write": is_operator(request.user), "jurisdictions": allowed_jurisdictions(request), **extra}


@console_page()
@require_safe
def reference_index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    summaries = []
    for code in allowed_jurisdictions(request):
        view = ReferenceView(code, today)
        summaries.append({"code": code, "positive_list": view.positive_list(), "usd": view.rate("USD"),
                          "holidays": len([d for d in sel.year_holidays(jurisdiction=code, year=today.year)
                                           if d.origin != "removed"])})
    return render(request, "compliance/reference/index.html", base_context(request, summaries=summaries, today=today))


@console_page()
@require_safe
def hs_lists(request: HttpRequest) -> HttpResponse:
    chosen, codes = chosen_jurisdictions(request)
    include_past = request.GET.get("past") == "1"
    versions = sel.hs_list_versions(jurisdictions=codes, include_past=include_past)
    return render(request, "compliance/reference/hs_lists.html",
                  base_context(request, versions=versions, chosen=chosen, include_past=include_past))


@console_page()
@require_safe
def hs_list_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        version = sel.hs_list_version(public_id=public_id, jurisdictions=readable_jurisdictions(request.user))
    except NotFound:
        raise Http404 from None
    return render(request, "compliance/reference/hs_detail.html",
                  base_context(request, version=version, entries=sel.hs_list_entries(version)))


@console_page(write=True)
@require_http_methods(["GET", "HEAD", "POST"])
def hs_list_new(request: HttpRequest) -> HttpResponse:
    jurisdictions = allowed_jurisdictions(request)
    row_errors: list[dict] = []
    status = 200
    if request.method == "POST":
        form = HsVersionForm(request.POST, request.FILES, jurisdictions=jurisdictions)
        if form.is_valid():
            data = form.cleaned_data
            try:
                version = imports.hs_list_import(
                    data=form.csv_data(), jurisdiction=data["jurisdiction"], label=data["label"],
                    source=data["source"], effective_from=data["effective_from"],
                    effective_until=data["effective_until"], actor=request.user.public_id)
            except ValidationFailed as exc:
                row_errors = form.add_service_error(exc)
            else:
                messages.success(request, _("The draft is saved. Check its codes, then activate it."))
                return redirect("compliance_ops:reference_hs_detail", version.public_id)
        status = 422
    else:
        form = HsVersionForm(jurisdictions=jurisdictions, initial={"jurisdiction": "ID"})
    return render(request, "compliance/reference/form.html", base_context(
        request, form=form, row_errors=row_errors, multipart=True, title=_("New positive-list version"),
        back="compliance_ops:reference_hs_lists", submit=_("Save as draft")), status=status)


@console_page(write=True)
@require_POST
def hs_list_activate(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        version = hs_list_version_activate(public_id=public_id, actor=request.user.public_id)
    except NotFound:
        raise Http404 from None
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("“%(label)s” is in force from %(start)s; listings are being checked again.")
                         % {"label": version.label, "start": version.effective_from.isoformat()})
    return redirect("compliance_ops:reference_hs_detail", public_id)
