"""Stock per variant × warehouse, with a restock / count form in every cell, and the stock history.

The inventory services take no actor to check, so the role is checked here first (staff read only). A refused
change draws the table again with the errors in the cell that was posted (422); nothing was saved.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lapak.core.errors import NotFound, ValidationFailed
from lapak.market.catalog.views_seller.common import Shop, require_editor_of, seller_page, shop_for
from lapak.market.catalog.views_seller.forms_stock import StockForm
from lapak.market.catalog.views_seller.reads import variant_of, variant_page, warehouse_of, warehouses_of
from lapak.market.inventory.selectors import stock_for_seller, stock_history, variant_availability
from lapak.market.inventory.services import stock_adjust, stock_restock
from lapak.market.sellers.permissions import actor_label

STOCK_PAGE_SIZE = 30
HISTORY_LIMIT = 200


def _table(request: HttpRequest, shop: Shop, params: dict, *, form: StockForm | None = None,
           status: int = 200) -> HttpResponse:
    search, after = (params.get("q") or "").strip()[:80], (params.get("after") or "")[:40]
    page = variant_page(organisation=shop.organisation, search=search, after=after, size=STOCK_PAGE_SIZE)
    warehouses = list(warehouses_of(organisation=shop.organisation))
    ids = [v.pk for v in page.rows]
    stocks = {(s.variant_id, s.warehouse_id): s for s in stock_for_seller(organisation=shop.organisation)
              .filter(variant_id__in=ids)}
    available = variant_availability(variant_ids=ids)
    posted = (form.data.get("variant"), form.data.get("warehouse")) if form is not None else None
    errors = [str(m) for messages_ in form.errors.values() for m in messages_] if form is not None else []
    rows = []
    for variant in page.rows:
        cells = []
        for warehouse in warehouses:
            here = posted == (variant.public_id, warehouse.public_id)
            cells.append({"warehouse": warehouse, "stock": stocks.get((variant.pk, warehouse.pk)),
                          "errors": errors if here else [], "form": form if here else None})
        rows.append({"variant": variant, "cells": cells, "available": available.get(variant.pk, 0)})
    keep = {k: v for k, v in (("q", search), ("after", after)) if v}
    context = shop.context("stock", rows=rows, warehouses=warehouses, search=search, after=after,
                           next_query=urlencode({**({"q": search} if search else {}), "after": page.next_after})
                           if page.next_after else "", keep_query=urlencode(keep), actions=StockForm.ACTIONS,
                           form_errors=errors)
    return render(request, "catalog_seller/stock.html", context, status=status)


@require_http_methods(["GET", "POST"])
@seller_page
def stock(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    if request.method != "POST":
        return _table(request, shop, request.GET)
    require_editor_of(request, shop)
    form = StockForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        variant = variant_of(organisation=shop.organisation, public_id=data["variant"])
        warehouse = warehouse_of(organisation=shop.organisation, public_id=data["warehouse"])
        if variant is None or warehouse is None:  # a tampered form: nothing of this shop by that id
            raise NotFound(_("There is no such stock row."), code="stock_not_found")
        try:
            if data["action"] == "restock":
                stock_restock(variant=variant, warehouse=warehouse, quantity=form.quantity_value(),
                              actor=actor_label(request.user))
            else:
                stock_adjust(variant=variant, warehouse=warehouse, quantity=form.quantity_value(),
                             actor=actor_label(request.user), reason=data["reason"])
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The stock of %(sku)s in %(warehouse)s is saved.") % {
                "sku": variant.sku, "warehouse": warehouse.name})
            query = urlencode({k: request.POST.get(k, "") for k in ("q", "after") if request.POST.get(k)})
            url = redirect("catalog_seller:stock", shop.organisation.public_id).url
            return redirect(f"{url}?{query}" if query else url)
    return _table(request, shop, request.POST, form=form, status=422)


@require_safe
@seller_page
def history(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    variant = None
    wanted = request.GET.get("variant", "")[:40]
    if wanted:
        variant = variant_of(organisation=shop.organisation, public_id=wanted)
        if variant is None:
            raise NotFound(_("There is no such variant."), code="variant_not_found")
    movements = stock_history(organisation=shop.organisation, variant=variant, limit=HISTORY_LIMIT)
    context = shop.context("stock", movements=movements, variant=variant, limit=HISTORY_LIMIT)
    return render(request, "catalog_seller/history.html", context)
