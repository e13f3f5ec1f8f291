"""Operator pages of returns (disputes first), mounted at /operations/returns/ (operators only)."""

from django.urls import path

from lapak.market.orders.views_operator import disputes

app_name = "orders_operator"

urlpatterns = [
    path("", disputes.dispute_list, name="list"),
    path("<str:public_id>/", disputes.dispute_detail, name="detail"),
    path("<str:public_id>/decide/", disputes.dispute_decide, name="decide"),
]
