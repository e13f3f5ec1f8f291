"""Operators' payment pages (reconciliation), mounted at /operations/reconciliation/."""

from django.urls import path

from lapak.market.payments import views_operator

app_name = "payments_operator"

urlpatterns = [
    path("", views_operator.report_list, name="list"),
    path("<str:public_id>/", views_operator.report_detail, name="detail"),
]
