"""The console pages of the KMK rates, certificate requirements and holiday changes: a list each (current and
future rows), a form to add one row, a CSV upload with row-level errors, and ending or withdrawing a row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lapak.compliance import reference_csv as imports
from lapak.compliance import reference_selectors as sel
from lapak.compliance.access import console_page, readable_jurisdictions
from lapak.compliance.forms_reference import CertificateEndForm, CertificateForm, HolidayForm, RateForm, UploadForm
from lapak.compliance.reference_services import (
    CertificateRow,
    HolidayRow,
    RateRow,
    certificate_requirement_end,
    certificate_requirements_add,
    exchange_rates_add,
    holiday_change_remove,
    holiday_changes_add,
)
from lapak.compliance.views_reference import allowed_jurisdictions, base_context, chosen_jurisdictions
from lapak.core.errors import NotFound, ValidationFailed


@console_page()
@require_safe
def rates(request: HttpRequest) -> HttpResponse:
    currency = request.GET.get("currency", "")[:3].upper()
    include_past = request.GET.get("past") == "1"
    rows = sel.exchange_rates(currency=currency, include_past=include_past)
    return render(request, "compliance/reference/rates.html",
                  base_context(request, rows=rows, currency=currency, include_past=include_past))


@console_page()
@require_safe
def certificates(request: HttpRequest) -> HttpResponse:
    chosen, codes = chosen_jurisdictions(request)
    include_past = request.GET.get("past") == "1"
    rows = sel.certificate_requirements(jurisdictions=codes, include_past=include_past)
    return render(request, "compliance/reference/certificates.html",
                  base_context(request, rows=rows, chosen=chosen, include_past=include_past))


@console_page()
@require_safe
def holidays(request: HttpRequest) -> HttpResponse:
    allowed = allowed_jurisdictions(request)
    chosen = request.GET.get("jurisdiction", "")[:2]
    chosen = chosen if chosen in allowed else ("ID" if "ID" in allowed else (allowed or [""])[0])
    raw_year = request.GET.get("year", "")[:4]
    year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else timezone.localdate().year
    days = sel.year_holidays(jurisdiction=chosen, year=year) if chosen else []
    return render(request, "compliance/reference/holidays.html",
                  base_context(request, days=days, chosen=chosen, year=year, years=[year - 1, year + 1]))


@dataclass(frozen=True)
class Table:
    title: object
    back: str
    form: type
    add: Callable[[dict, str], object]
    upload: Callable[..., list]
    columns: str
    with_jurisdiction: bool


TABLES = {
    "rates": Table(
        gettext_lazy("KMK exchange rates"), "compliance_ops:reference_rates", RateForm,
        lambda d, actor: exchange_rates_add(rows=[RateRow(d["currency"], d["idr_per_unit"], d["valid_from"],
                                                          d["valid_until"], d["source"])], actor=actor),
        imports.exchange_rates_import, "currency, idr_per_unit, valid_from, valid_until, source", False),
    "certificates": Table(
        gettext_lazy("Certificate requirements"), "compliance_ops:reference_certificates", CertificateForm,
        lambda d, actor: certificate_requirements_add(rows=[CertificateRow(
            d["jurisdiction"], d["category_slug"], d["kind"], d["effective_from"], d["effective_until"],
            d["source"])], actor=actor),
        imports.certificate_requirements_import, "category_slug, kind, effective_from, effective_until, source",
        True),
    "holidays": Table(
        gettext_lazy("Holiday changes"), "compliance_ops:reference_holidays", HolidayForm,
        lambda d, actor: holiday_changes_add(rows=[HolidayRow(d["jurisdiction"], d["day"], d["change"] == "add",
                                                              d["name"], d["source"])], actor=actor),
        imports.holiday_changes_import, "day, change (add or remove), name, source", True),
}


def _table(name: str) -> Table:
    if name not in TABLES:
        raise Http404
    return TABLES[name]


def _form(table: Table, request: HttpRequest, *args: object, **kwargs: object) -> object:
    if table.with_jurisdiction:
        kwargs["jurisdictions"] = allowed_jurisdictions(request)
    return table.form(*args, **kwargs)


@console_page(write=True)
@require_http_methods(["GET", "HEAD", "POST"])
def table_add(request: HttpRequest, table: str) -> HttpResponse:
    spec, status = _table(table), 200
    if request.method == "POST":
        form = _form(spec, request, request.POST)
        if form.is_valid():
            try:
                spec.add(form.cleaned_data, request.user.public_id)
            except ValidationFailed as exc:
                form.add_service_error(_single_row(exc))
            else:
                messages.success(request, _("Saved."))
                return redirect(spec.back)
        status = 422
    else:
        form = _form(spec, request, initial={"jurisdiction": "ID"})
    return render(request, "compliance/reference/form.html", base_context(
        request, form=form, title=spec.title, back=spec.back, submit=_("Save")), status=status)


def _single_row(exc: ValidationFailed) -> ValidationFailed:
    # The add services take rows; a one-row form names its fields without the "rows.0." prefix.
    fields = {path.split(".", 2)[-1] if path.startswith("rows.") else path: m for path, m in exc.fields.items()}
    return ValidationFailed(exc.message, fields=fields)


@console_page(write=True)
@require_http_methods(["GET", "HEAD", "POST"])
def table_upload(request: HttpRequest, table: str) -> HttpResponse:
    spec, status, row_errors = _table(table), 200, []
    kwargs = {"jurisdictions": allowed_jurisdictions(request), "with_jurisdiction": spec.with_jurisdiction}
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            extra = {"jurisdiction": form.cleaned_data["jurisdiction"]} if spec.with_jurisdiction else {}
            try:
                rows = spec.upload(data=form.cleaned_data["file"].read(), actor=request.user.public_id, **extra)
            except ValidationFailed as exc:
                row_errors = form.add_service_error(exc)
            else:
                messages.success(request, _("%(n)d rows imported.") % {"n": len(rows)})
                return redirect(spec.back)
        status = 422
    else:
        form = UploadForm(initial={"jurisdiction": "ID"}, **kwargs)
    return render(request, "compliance/reference/form.html", base_context(
        request, form=form, row_errors=row_errors, multipart=True, columns=spec.columns, back=spec.back,
        title=_("Upload %(table)s (CSV)") % {"table": spec.title}, submit=_("Import all rows")), status=status)


@console_page(write=True)
@require_http_methods(["GET", "HEAD", "POST"])
def certificate_end(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        row = sel.certificate_requirement(public_id=public_id, jurisdictions=readable_jurisdictions(request.user))
    except NotFound:
        raise Http404 from None
    status = 200
    if request.method == "POST":
        form = CertificateEndForm(request.POST)
        if form.is_valid():
            try:
                certificate_requirement_end(public_id=row.public_id, actor=request.user.public_id,
                                            effective_until=form.cleaned_data["effective_until"])
            except ValidationFailed as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("The requirement's last day is recorded."))
                return redirect("compliance_ops:reference_certificates")
        status = 422
    else:
        form = CertificateEndForm(initial={"effective_until": row.effective_until})
    title = _("End: %(kind)s for %(slug)s (%(code)s)") % {"kind": row.kind.upper(), "slug": row.category_slug,
                                                          "code": row.jurisdiction}
    return render(request, "compliance/reference/form.html", base_context(
        request, form=form, title=title, back="compliance_ops:reference_certificates", submit=_("Record the end")),
        status=status)


@console_page(write=True)
@require_POST
def holiday_remove(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        holiday_change_remove(public_id=public_id, actor=request.user.public_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("The change is withdrawn; the day follows the calendar again."))
    return redirect("compliance_ops:reference_holidays")
