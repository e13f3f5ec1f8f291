"""`/api/v1/oversight/reports/…`: the quarterly statistical report (ID-REC-2) as JSON or CSV, and the monthly
summary as PDF, for regulators (bearer token issued against a second factor) and operators. Every call is
written to the audit log before it is answered."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from lapak.core.schemas import ErrorOut
from lapak.oversight.access import require_reader
from lapak.oversight.reports.monthly_pdf import monthly_pdf
from lapak.oversight.reports.rendering import quarterly_csv_text, quarterly_json
from lapak.oversight.reports.selectors import monthly_summary_read, quarterly_report_read

router = Router(tags=["oversight"])
E = ErrorOut


@router.get("/reports/quarterly", response={200: dict, 401: E, 403: E, 422: E},
            summary="The quarterly statistical report to BPS (ID-REC-2)")
def report_quarterly(request: HttpRequest, quarter: str = "", jurisdiction: str = "",
                     format: str = "json") -> Any:
    """`quarter` as YYYY-Qn (e.g. 2026-Q3), `format` json (default) or csv. Every field of the report with its
    label, unit, definition and values; a count of fewer than 10 people is `"<10"`, other cells too small to show
    are `null` with `"suppressed": true`; fields whose source is not available say why. The header names the
    signed audit tree head the report is anchored to."""
    require_reader(request)
    report, fmt = quarterly_report_read(user=request.auth, params=request.GET.dict(), channel="api")
    if fmt == "csv":
        response = HttpResponse(quarterly_csv_text(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (f'attachment; filename="lapak-{report.jurisdiction}-'
                                           f'{report.period.label}-statistics.csv"')
        return response
    return quarterly_json(report)


@router.get("/reports/monthly.pdf", response={200: None, 401: E, 403: E, 422: E},
            summary="The monthly summary as PDF")
def report_monthly_pdf(request: HttpRequest, month: str = "", jurisdiction: str = "", lang: str = "") -> Any:
    """`month` as YYYY-MM; `lang` id or en (default: the request's language, Indonesian unless asked)."""
    require_reader(request)
    summary, language = monthly_summary_read(user=request.auth, params=request.GET.dict(), channel="api")
    response = HttpResponse(monthly_pdf(summary=summary, language=language), content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="lapak-{summary.period.jurisdiction}-'
                                       f'{summary.period.label}-summary.pdf"')
    return response
