"""Buyer pages of orders, mounted at /orders/ (the header shows "My orders" once `orders:list` exists)."""

from django.urls import path

from lapak.market.orders.views import buyer, notes, return_photos, returns

app_name = "orders"

ORDER = "<str:public_id>/"
RETURN = ORDER + "returns/<str:return_id>/"

urlpatterns = [
    path("", buyer.order_list, name="list"),
    path("return-photos/<str:photo_id>/", return_photos.return_photo, name="return_photo"),
    path(ORDER, buyer.order_detail, name="detail"),
    path(ORDER + "cancel/", buyer.order_cancel, name="cancel"),
    path(ORDER + "pay-demo/", buyer.order_pay_demo, name="pay_demo"),
    path(ORDER + "seller-orders/<str:seller_order_id>/confirm/", buyer.seller_order_confirm,
         name="confirm_received"),
    path(ORDER + "seller-orders/<str:seller_order_id>/return/", returns.return_new, name="return_new"),
    path(ORDER + "seller-orders/<str:seller_order_id>/note/", notes.seller_order_note, name="note"),
    path(RETURN + "withdraw/", returns.return_withdraw_view, name="return_withdraw"),
    path(RETURN + "dispute/", returns.return_dispute_view, name="return_dispute"),
    path(RETURN + "ship-back/", returns.return_ship_back_view, name="return_ship_back"),
]
