"""Adding a variant (a form on the editor page) and editing one (its own page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lapak.core.errors import NotFound
from lapak.market.catalog.models import Product, Variant
from lapak.market.catalog.services import variant_create, variant_update
from lapak.market.catalog.views_seller.common import Shop, require_editor_of, seller_page, shop_for
from lapak.market.catalog.views_seller.editor import editor_page, form_write, product_of, status_reported
from lapak.market.catalog.views_seller.forms import VariantForm


def _variant(product: Product, var: str) -> Variant:
    variant = product.variants.filter(public_id=var).first() if len(var) <= 40 else None
    if variant is None:
        raise NotFound(_("There is no such variant."), code="variant_not_found")
    variant.product = product
    return variant


@require_POST
@seller_page
def variant_add(request: HttpRequest, org: str, prd: str) -> HttpResponse:
    shop = shop_for(request, org)
    product = product_of(request, shop, prd)
    form = VariantForm(request.POST)
    status = 422
    if form.is_valid():
        status = form_write(form, lambda: variant_create(product=product, actor=request.user,
                                                         data=form.variant_data()))
        if status is None:
            status_reported(request, product)
            return redirect("catalog_seller:product", shop.organisation.public_id, product.public_id)
    return editor_page(request, shop, product, status=status, variant_form=form)


def _variant_page(request: HttpRequest, shop: Shop, variant: Variant, form: VariantForm,
                  status: int = 200) -> HttpResponse:
    context = shop.context("products", product=variant.product, variant=variant, form=form)
    return render(request, "catalog_seller/variant.html", context, status=status)


@require_http_methods(["GET", "POST"])
@seller_page
def variant_edit(request: HttpRequest, org: str, prd: str, var: str) -> HttpResponse:
    shop = shop_for(request, org)
    product = product_of(request, shop, prd)
    variant = _variant(product, var)
    if request.method != "POST":
        require_editor_of(request, shop)  # staff read the variants in the editor's table
        return _variant_page(request, shop, variant, VariantForm.for_variant(variant))
    form = VariantForm(request.POST)
    status = 422
    if form.is_valid():
        status = form_write(form, lambda: variant_update(variant=variant, actor=request.user,
                                                         data=form.variant_data()))
        if status is None:
            status_reported(request, product)
            return redirect("catalog_seller:product", shop.organisation.public_id, product.public_id)
    return _variant_page(request, shop, variant, form, status)
