"""The seller centre's order desk, mounted at /seller/orders/."""

from django.urls import path

from lapak.market.orders.views_seller import desk, printing

app_name = "orders_seller"

SHOP = "<str:org>/"
ORDER = SHOP + "<str:so>/"

urlpatterns = [
    path(SHOP, desk.order_list, name="list"),
    path(ORDER, desk.order_detail, name="detail"),
    path(ORDER + "accept/", desk.order_accept, name="accept"),
    path(ORDER + "cancel/", desk.order_cancel, name="cancel"),
    path(ORDER + "ship/", desk.order_ship, name="ship"),
    path(ORDER + "packing-slip/", printing.packing_slip, name="packing_slip"),
    path(ORDER + "label/", printing.shipping_label, name="label"),
]
