"""Seller centre pages of the affiliate programme, mounted at /seller/affiliates/."""

from django.urls import path

from lapak.market.affiliates import views_seller

app_name = "affiliates_seller"

urlpatterns = [
    path("<str:org>/", views_seller.offers, name="offers"),
    path("<str:org>/offers/<str:prd>/rate/", views_seller.offer_rate, name="offer_rate"),
    path("<str:org>/offers/<str:prd>/switch/", views_seller.offer_switch, name="offer_switch"),
    path("<str:org>/invites/", views_seller.invites, name="invites"),
    path("<str:org>/invites/<str:inv>/withdraw/", views_seller.invite_withdraw, name="invite_withdraw"),
]
