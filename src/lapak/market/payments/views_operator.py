"""The operators' reconciliation pages (ADR 0013): the daily reports, newest first, and one report's mismatches.
Operators only, through the operations desk's guard (anonymous → login, anyone else → 403)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from lapak.core.errors import NotFound
from lapak.market.payments.selectors_reconciliation import reconciliation_report, reconciliation_reports
from lapak.market.sellers.views_desk.common import operator_page

PAGE_SIZE = 60


@operator_page
@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(reconciliation_reports(), PAGE_SIZE).get_page(request.GET.get("page", "1")[:10])
    return render(request, "payments_operator/list.html", {"page": page, "reports": list(page.object_list)})


@operator_page
@require_safe
def report_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        report = reconciliation_report(public_id=public_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None
    return render(request, "payments_operator/detail.html", {"report": report, "items": list(report.items.all())})
