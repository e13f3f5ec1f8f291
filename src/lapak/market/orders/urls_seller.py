"""The seller centre's order desk, mounted at /seller/orders/."""

from django.urls import path

from lapak.market.orders.views_seller import desk, notes, printing, returns

app_name = "orders_seller"

SHOP = "<str:org>/"
ORDER = SHOP + "<str:so>/"
RETURN = SHOP + "returns/<str:ret>/"

urlpatterns = [
    path(SHOP, desk.order_list, name="list"),
    # Before ORDER: "returns" would otherwise be read as a seller order's id.
    path(SHOP + "returns/", returns.return_list, name="returns"),
    path(RETURN, returns.return_detail, name="return_detail"),
    path(RETURN + "accept/", returns.return_accept, name="return_accept"),
    path(RETURN + "refuse/", returns.return_refuse, name="return_refuse"),
    path(RETURN + "received/", returns.return_received, name="return_received"),
    path(ORDER, desk.order_detail, name="detail"),
    path(ORDER + "accept/", desk.order_accept, name="accept"),
    path(ORDER + "cancel/", desk.order_cancel, name="cancel"),
    path(ORDER + "ship/", desk.order_ship, name="ship"),
    path(ORDER + "note/", notes.order_note, name="note"),
    path(ORDER + "packing-slip/", printing.packing_slip, name="packing_slip"),
    path(ORDER + "label/", printing.shipping_label, name="label"),
]
