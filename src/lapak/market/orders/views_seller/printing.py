"""Printable pages for the parcel: the packing slip (what goes in the box) and the shipping label (who it goes
to, by which courier, under which tracking number). Plain HTML with print CSS; any member of the shop may
print them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lapak.core.errors import NotFound
from lapak.market.catalog.views_seller.common import seller_page, shop_for
from lapak.market.orders import selectors
from lapak.market.orders.models import SellerOrderStatus as S
from lapak.market.orders.services.shipping import seller_order_parcel

PRINTABLE = (S.ACCEPTED, S.SHIPPED, S.DELIVERED, S.COMPLETED)


def _printable(request: HttpRequest, org: str, so: str) -> tuple[object, object]:
    shop = shop_for(request, org)
    seller_order = selectors.seller_order_of(seller=shop.organisation, public_id=so)
    if seller_order.status not in PRINTABLE:  # nothing to pack before acceptance, nor after cancelling
        raise NotFound()
    return shop, seller_order


@require_GET
@seller_page
def packing_slip(request: HttpRequest, org: str, so: str) -> HttpResponse:
    shop, seller_order = _printable(request, org, so)
    return render(request, "orders_seller/packing_slip.html", shop.context(
        "orders", so=seller_order, order=seller_order.order, lines=list(seller_order.lines.all())))


@require_GET
@seller_page
def shipping_label(request: HttpRequest, org: str, so: str) -> HttpResponse:
    shop, seller_order = _printable(request, org, so)
    shipment = selectors.shipment_of(seller_order=seller_order)
    if shipment is None or not shipment.tracking_number:  # a label without a tracking number is no label
        raise NotFound()
    weight = seller_order_parcel(seller_order)[0]
    return render(request, "orders_seller/label.html", shop.context(
        "orders", so=seller_order, order=seller_order.order, shipment=shipment, weight_grams=weight))
