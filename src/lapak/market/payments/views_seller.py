"""The seller centre's money page: what Lapak owes the shop, what is still held in escrow, what the shop owes
Lapak (a refund after payout; set off at the next payout), each escrow release with its commission and PPh 22,
the payouts (with why one is held) and the statement downloads (CSV, PDF). Every member of the shop reads it
(owners, managers, staff); outside the shop it is 404 (the sellers' `seller_page` frame).

The statement form submits here first, so a bad range is shown inline on the page (400) instead of as a bare
download error; a good one is redirected to statement.csv or statement.pdf."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from lapak.market.catalog.views_seller.common import seller_page, shop_for
from lapak.market.payments.selectors_payouts import nettings_of, owed_to_lapak, payouts_in_transit_of, payouts_of
from lapak.market.payments.selectors_release import releases_of, seller_balances
from lapak.market.payments.views_payouts import BadRange, statement_range

PAGE_SIZE = 100
FORMATS = {"csv": "payments_seller:statement_csv", "pdf": "payments_seller:statement_pdf"}


@require_GET
@seller_page
def balance(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    today = timezone.localdate()
    form = {"from": (today - timedelta(days=30)).isoformat(), "to": today.isoformat()}
    error, status = "", 200
    if (kind := request.GET.get("statement")) in FORMATS:
        form = {"from": request.GET.get("from", ""), "to": request.GET.get("to", "")}
        try:
            start, end = statement_range(request.GET)
        except BadRange as exc:
            error, status = str(exc), 400
        else:
            query = urlencode({"from": start.isoformat(), "to": end.isoformat()})
            return redirect(f"{reverse(FORMATS[kind], args=[shop.organisation.public_id])}?{query}")
    balances = seller_balances(shop.organisation)
    releases = list(releases_of(shop.organisation)[:PAGE_SIZE])
    payouts = list(payouts_of(shop.organisation)[:PAGE_SIZE])
    return render(request, "payments_seller/balance.html",
                  shop.context("payments", balances=balances, releases=releases, payouts=payouts,
                               in_transit=payouts_in_transit_of(shop.organisation),
                               owed=owed_to_lapak(shop.organisation), nettings=nettings_of(shop.organisation),
                               statement_form=form,
                               statement_error=error), status=status)
