"""The reports pages under /oversight/reports/: the list of quarters and months with their downloads, the forms
that check a chosen period inline, the downloads themselves, and the operators' headcount entry.

A bad period on a download is shown on the reports page (400), never as a bare error; another jurisdiction's
report is 403. Every download is written to the audit log (the selectors do it) before it is made."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET, require_POST

from lapak.compliance.access import is_operator
from lapak.compliance.selectors import jurisdiction_codes
from lapak.core.errors import PermissionDenied, ValidationFailed
from lapak.oversight.access import oversight_page, scope_jurisdiction
from lapak.oversight.reports.fields import FIELDS, SECTIONS
from lapak.oversight.reports.forms import MonthForm, QuarterForm, WorkforceForm
from lapak.oversight.reports.monthly_pdf import monthly_pdf
from lapak.oversight.reports.periods import recent_months, recent_quarters
from lapak.oversight.reports.rendering import quarterly_csv_text, quarterly_json
from lapak.oversight.reports.selectors import monthly_summary_read, quarterly_report_read, workforce_entries
from lapak.oversight.reports.services import workforce_record


def _jurisdiction(request: HttpRequest) -> str:
    try:
        return scope_jurisdiction(request.user, request.GET.get("jurisdiction") or request.POST.get("jurisdiction"))
    except PermissionDenied as denied:
        raise DjangoPermissionDenied(str(denied.message)) from None
    except ValidationFailed:  # a malformed or unknown code (an operator may name any)
        raise BadRequest("jurisdiction") from None


def _language() -> str:
    language = (translation.get_language() or "id")[:2]
    return language if language in ("id", "en") else "id"


def _index(request: HttpRequest, jurisdiction: str, *, status: int = 200, **forms: Any) -> HttpResponse:
    forms.setdefault("quarter_form", QuarterForm(jurisdiction=jurisdiction, prefix="q"))
    forms.setdefault("month_form", MonthForm(jurisdiction=jurisdiction, prefix="m",
                                             initial={"lang": _language()}))
    operator = is_operator(request.user)
    if operator:
        forms.setdefault("workforce_form", WorkforceForm(jurisdiction=jurisdiction, prefix="w"))
    context = {"jurisdiction": jurisdiction, "quarters": recent_quarters(jurisdiction),
               "months": recent_months(jurisdiction), "sections": SECTIONS, "fields": FIELDS,
               "workforce": workforce_entries(jurisdiction=jurisdiction) if operator else {},
               "operator": operator, "jurisdictions": jurisdiction_codes() if operator else [], **forms}
    return render(request, "oversight/reports/index.html", context, status=status)


@require_GET
@oversight_page
def index(request: HttpRequest) -> HttpResponse:
    """The page; submitting a period form comes back here first, so a bad one is shown inline."""
    jurisdiction = _jurisdiction(request)
    if "q-quarter" in request.GET:
        form = QuarterForm(request.GET, jurisdiction=jurisdiction, prefix="q")
        if not form.is_valid():
            return _index(request, jurisdiction, status=400, quarter_form=form)
        query = urlencode({"jurisdiction": jurisdiction, "quarter": form.cleaned_data["quarter"]})
        name = "reports_quarterly_csv" if form.cleaned_data["format"] == "csv" else "reports_quarterly_json"
        return redirect(f"{reverse(f'oversight:{name}')}?{query}")
    if "m-month" in request.GET:
        form = MonthForm(request.GET, jurisdiction=jurisdiction, prefix="m")
        if not form.is_valid():
            return _index(request, jurisdiction, status=400, month_form=form)
        query = urlencode({"jurisdiction": jurisdiction, "month": form.cleaned_data["month"],
                           "lang": form.cleaned_data["lang"]})
        return redirect(f"{reverse('oversight:reports_monthly_pdf')}?{query}")
    return _index(request, jurisdiction)


def _bad_download(request: HttpRequest, failed: ValidationFailed, jurisdiction: str, kind: str) -> HttpResponse:
    """The reports page with the download's errors on the matching form."""
    if kind == "quarter":
        form = QuarterForm({"q-quarter": request.GET.get("quarter", ""), "q-format": request.GET.get("format", "csv")},
                           jurisdiction=jurisdiction, prefix="q")
        form.is_valid()
        _add_errors(form, failed, {"quarter": "quarter", "format": "format"})
        return _index(request, jurisdiction, status=400, quarter_form=form)
    form = MonthForm({"m-month": request.GET.get("month", ""), "m-lang": request.GET.get("lang") or _language()},
                     jurisdiction=jurisdiction, prefix="m")
    form.is_valid()
    _add_errors(form, failed, {"month": "month", "lang": "lang"})
    return _index(request, jurisdiction, status=400, month_form=form)


def _add_errors(form: Any, failed: ValidationFailed, names: dict[str, str]) -> None:
    for key, messages in failed.fields.items():
        target = names.get(key)
        if target is not None and form.has_error(target):
            continue
        form.add_error(target, [str(message) for message in messages])


def _quarterly(request: HttpRequest, fmt: str) -> tuple[Any, HttpResponse | None]:
    jurisdiction = _jurisdiction(request)
    params = {**request.GET.dict(), "jurisdiction": jurisdiction, "format": fmt}
    try:
        report, _fmt = quarterly_report_read(user=request.user, params=params, channel="download")
    except ValidationFailed as failed:
        return None, _bad_download(request, failed, jurisdiction, "quarter")
    return report, None


@require_GET
@oversight_page
def quarterly_csv(request: HttpRequest) -> HttpResponse:
    report, error = _quarterly(request, "csv")
    if error is not None:
        return error
    response = HttpResponse(quarterly_csv_text(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="lapak-{report.jurisdiction}-{report.period.label}'
                                       f'-statistics.csv"')
    return response


@require_GET
@oversight_page
def quarterly_json_download(request: HttpRequest) -> HttpResponse:
    report, error = _quarterly(request, "json")
    if error is not None:
        return error
    response = JsonResponse(quarterly_json(report), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = (f'attachment; filename="lapak-{report.jurisdiction}-{report.period.label}'
                                       f'-statistics.json"')
    return response


@require_GET
@oversight_page
def monthly_pdf_download(request: HttpRequest) -> HttpResponse:
    jurisdiction = _jurisdiction(request)
    try:
        summary, language = monthly_summary_read(user=request.user, channel="download",
                                                 params={**request.GET.dict(), "jurisdiction": jurisdiction})
    except ValidationFailed as failed:
        return _bad_download(request, failed, jurisdiction, "month")
    response = HttpResponse(monthly_pdf(summary=summary, language=language), content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="lapak-{jurisdiction}-{summary.period.label}'
                                       f'-summary.pdf"')
    return response


@require_POST
@oversight_page
def workforce(request: HttpRequest) -> HttpResponse:
    """Operators only: a regulator reads, never writes."""
    if not is_operator(request.user):
        raise DjangoPermissionDenied
    jurisdiction = _jurisdiction(request)
    form = WorkforceForm(request.POST, jurisdiction=jurisdiction, prefix="w")
    if not form.is_valid():
        return _index(request, jurisdiction, status=400, workforce_form=form)
    workforce_record(actor=request.user, jurisdiction=jurisdiction, quarter=form.cleaned_data["quarter"],
                     employees=form.cleaned_data["employees"])
    return redirect(f"{reverse('oversight:reports_home')}?{urlencode({'jurisdiction': jurisdiction})}#workforce")
