"""The seller centre's money pages, mounted at /seller/payments/."""

from django.urls import path  # noqa: F401  (patterns are added as the views land)

app_name = "payments_seller"

urlpatterns: list = []
