"""Operators' money pages, mounted at /operations/payments/: bank refunds, payouts held or failed, PPh 22, cash on
delivery."""

from django.urls import path
from django.views.generic import RedirectView

from lapak.market.payments import (
    views_operations_cod,
    views_operations_payouts,
    views_operations_refunds,
    views_operations_tax,
)

app_name = "payments_operations"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="payments_operations:refunds"), name="home"),
    path("refunds/", views_operations_refunds.refund_list, name="refunds"),
    path("refunds/<str:public_id>/", views_operations_refunds.refund_detail, name="refund_detail"),
    path("refunds/<str:public_id>/reveal/", views_operations_refunds.refund_reveal, name="refund_reveal"),
    path("refunds/<str:public_id>/paid/", views_operations_refunds.refund_mark_paid, name="refund_paid"),
    path("refunds/<str:public_id>/retry/", views_operations_refunds.refund_retry, name="refund_retry"),
    path("payouts/", views_operations_payouts.payout_list, name="payouts"),
    path("payouts/<str:public_id>/retry/", views_operations_payouts.payout_retry, name="payout_retry"),
    path("tax/", views_operations_tax.tax_list, name="tax"),
    path("tax/<str:public_id>/", views_operations_tax.tax_detail, name="tax_detail"),
    path("cod/", views_operations_cod.cod_list, name="cod"),
]
