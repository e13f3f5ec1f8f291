"""The seller centre's money pages, mounted at /seller/payments/."""

from django.urls import path

from lapak.market.payments import views_payouts, views_seller

app_name = "payments_seller"

SHOP = "<str:org>/"

urlpatterns = [
    path(SHOP, views_seller.balance, name="balance"),
    path(SHOP + "statement.csv", views_payouts.statement_csv, name="statement_csv"),
    path(SHOP + "statement.pdf", views_payouts.statement_pdf_view, name="statement_pdf"),
]
