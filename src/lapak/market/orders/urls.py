"""Buyer pages of orders, mounted at /orders/ (the header shows "My orders" once `orders:list` exists)."""

from django.urls import path

from lapak.market.orders.views import buyer

app_name = "orders"

urlpatterns = [
    path("", buyer.order_list, name="list"),
    path("<str:public_id>/", buyer.order_detail, name="detail"),
    path("<str:public_id>/cancel/", buyer.order_cancel, name="cancel"),
    path("<str:public_id>/pay-demo/", buyer.order_pay_demo, name="pay_demo"),
    path("<str:public_id>/seller-orders/<str:seller_order_id>/confirm/", buyer.seller_order_confirm,
         name="confirm_received"),
]
