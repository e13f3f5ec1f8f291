"""Payment pages, mounted at /pay/."""

from django.urls import path

from lapak.market.payments import views, views_refunds

app_name = "payments"

urlpatterns = [
    path("<str:public_id>/", views.pay, name="pay"),
    path("<str:public_id>/check/", views.check, name="check"),
    path("refunds/<str:refund_id>/bank-account/", views_refunds.refund_bank_account, name="refund_bank_account"),
]
