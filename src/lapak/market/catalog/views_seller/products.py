"""The shop's product list (every state, filtered by state, a page at a time) and creating a product."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.models import ListingStatus
from lapak.market.catalog.services import product_create
from lapak.market.catalog.views_seller.common import require_editor_of, seller_page, shop_for
from lapak.market.catalog.views_seller.forms import ProductForm
from lapak.market.catalog.views_seller.reads import product_page, status_counts


@require_safe
@seller_page
def product_list(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    status = request.GET.get("status", "")
    if status not in ListingStatus.values:
        status = ""  # an unknown filter shows everything rather than failing
    page = product_page(organisation=shop.organisation, user=request.user, status=status,
                        after=request.GET.get("after", ""))
    counts = status_counts(organisation=shop.organisation)
    tabs = [{"status": "", "label": _("All"), "count": sum(counts.values()), "current": not status, "query": ""}]
    tabs += [{"status": value, "label": label, "count": counts[value], "current": status == value,
              "query": urlencode({"status": value})} for value, label in ListingStatus.choices]
    next_query = urlencode({k: v for k, v in (("status", status), ("after", page.next_after)) if v})
    context = shop.context("products", page=page, tabs=tabs, status=status, next_query=next_query,
                           first_query=urlencode({"status": status}) if status else "",
                           paged=bool(request.GET.get("after")))
    return render(request, "catalog_seller/products.html", context)


@require_http_methods(["GET", "POST"])
@seller_page
def product_new(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    require_editor_of(request, shop)
    form = ProductForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                product = product_create(seller=shop.organisation, actor=request.user, data=form.product_data())
            except ValidationFailed as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("The product is saved as a draft. Next: add its variants."))
                return redirect("catalog_seller:product", shop.organisation.public_id, product.public_id)
    return render(request, "catalog_seller/product_new.html", shop.context("products", form=form), status=status)
