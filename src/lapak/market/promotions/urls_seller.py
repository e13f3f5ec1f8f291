"""Seller centre pages of promotions (the shop's vouchers), to be mounted at /seller/promotions/."""

from django.urls import path

from lapak.market.promotions import views_seller

app_name = "promotions_seller"

urlpatterns = [
    path("<str:org>/vouchers/", views_seller.vouchers, name="vouchers"),
    path("<str:org>/vouchers/<str:vch>/switch/", views_seller.voucher_switch, name="voucher_switch"),
]
