"""The shop's warehouses (pickup points on Kemendagri village codes): the list, and adding one.

The area is chosen with the sellers' region picker (province → regency → district → village, the postcode
from the village), served by `sellers:region_picker` for htmx and posted back without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.views_seller.common import Shop, require_editor_of, seller_page, shop_for
from lapak.market.catalog.views_seller.forms_stock import PREFIX, WarehouseForm
from lapak.market.catalog.views_seller.reads import warehouses_of
from lapak.market.inventory.services import warehouse_create
from lapak.market.sellers.views.regions import RegionPicker, picker_for, picker_from_data
from lapak.regions.selectors import region_by_code


def _page(request: HttpRequest, shop: Shop, form: WarehouseForm, picker: RegionPicker,
          status: int = 200) -> HttpResponse:
    context = shop.context("warehouses", form=form, picker=picker,
                           warehouses=list(warehouses_of(organisation=shop.organisation)))
    return render(request, "catalog_seller/warehouses.html", context, status=status)


@require_http_methods(["GET", "POST"])
@seller_page
def warehouses(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    if request.method != "POST":
        return _page(request, shop, WarehouseForm(), picker_for(PREFIX, {}))
    require_editor_of(request, shop)
    form = WarehouseForm(request.POST)
    if "_refresh" in request.POST:  # no JavaScript: the levels under the chosen one, listed afresh
        form = WarehouseForm(initial=request.POST.dict())
        return _page(request, shop, form, picker_from_data(PREFIX, request.POST, fill_postcode=True))
    if form.is_valid():
        data = form.cleaned_data
        try:
            warehouse = warehouse_create(organisation=shop.organisation, name=data["name"],
                                         region=region_by_code(data["pickup_region_code"]), street=data["street"],
                                         postcode=data["pickup_postcode"])
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The warehouse %(name)s is added.") % {"name": warehouse.name})
            return redirect("catalog_seller:warehouses", shop.organisation.public_id)
    picker = picker_from_data(PREFIX, request.POST, errors=form.errors)
    return _page(request, shop, form, picker, status=422)
