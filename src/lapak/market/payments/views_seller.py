"""The seller centre's money page: what Lapak owes the shop, what is still held in escrow, each escrow release
with its commission and PPh 22, the payouts (with why one is held) and the statement download. Every member of
the shop reads it (owners, managers, staff); outside the shop it is 404 (the sellers' `seller_page` frame)."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lapak.market.catalog.views_seller.common import seller_page, shop_for
from lapak.market.payments.selectors_payouts import payouts_in_transit_of, payouts_of
from lapak.market.payments.selectors_release import releases_of, seller_balances

PAGE_SIZE = 100


@require_GET
@seller_page
def balance(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    balances = seller_balances(shop.organisation)
    releases = list(releases_of(shop.organisation)[:PAGE_SIZE])
    payouts = list(payouts_of(shop.organisation)[:PAGE_SIZE])
    today = timezone.localdate()
    return render(request, "payments_seller/balance.html",
                  shop.context("payments", balances=balances, releases=releases, payouts=payouts,
                               in_transit=payouts_in_transit_of(shop.organisation),
                               statement_from=today - timedelta(days=30), statement_to=today))
