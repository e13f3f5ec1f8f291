"""The operators' cash-on-delivery page (issue 6): the cash couriers collected and have not remitted, the parcels
still to be collected (both oldest first with their age; past `COD_REMITTANCE_OVERDUE_DAYS`, default 7, they are
marked overdue), and the remittance lines that posted nothing, with the remittance they came in. Read-only: a
remittance is recorded by `manage.py cod_remittance_import` (daily for the sandbox courier), a mismatch is
settled with the courier and its corrected remittance imported. Operators only (the operations desk's guard)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lapak.market.payments import policy
from lapak.market.payments import selectors_operations_cod as sel
from lapak.market.payments.views_operations_forms import StateFilterForm
from lapak.market.sellers.views_desk.common import operator_page

PAGE_SIZE = 50


def _tabs(current: str) -> list[dict]:
    counts = sel.cod_counts()
    labels = {"collected": _("Collected, not remitted"), "awaiting": _("To be collected"),
              "mismatches": _("Remittance mismatches")}
    return [{"state": s, "label": labels[s], "count": counts[s], "current": s == current,
             "query": urlencode({"state": s})} for s in sel.STATES]


@operator_page
@require_safe
def cod_list(request: HttpRequest) -> HttpResponse:
    state = StateFilterForm(request.GET, choices=sel.STATES).state_or_default()
    rows = sel.cod_mismatches() if state == "mismatches" else sel.cod_parcels_open(state=state)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page", "1")[:10])
    context = {"page": page, "tabs": _tabs(state), "state": state, "page_query": urlencode({"state": state}),
               "overdue_days": policy.cod_overdue_after().days}
    if state == "mismatches":
        context["lines"] = list(page.object_list)
    else:
        context["rows"] = sel.cod_parcel_rows(list(page.object_list), now=timezone.now())
    return render(request, "payments_operations/cod.html", context)
