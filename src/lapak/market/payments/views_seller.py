"""The seller centre's money page: what Lapak owes the shop, what is still held in escrow, and each escrow
release with its commission and PPh 22. Every member of the shop reads it (owners, managers, staff); outside
the shop it is 404 (the sellers' `seller_page` frame, as the order desk)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lapak.market.catalog.views_seller.common import seller_page, shop_for
from lapak.market.payments.selectors_release import releases_of, seller_balances

PAGE_SIZE = 100


@require_GET
@seller_page
def balance(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    balances = seller_balances(shop.organisation)
    releases = list(releases_of(shop.organisation)[:PAGE_SIZE])
    return render(request, "payments_seller/balance.html",
                  shop.context("payments", balances=balances, releases=releases))
