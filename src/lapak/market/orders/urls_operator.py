"""Operators' view of returns (disputes), mounted at /operations/returns/."""

from django.urls import path  # noqa: F401  (patterns are added as the views land)

app_name = "orders_operator"

urlpatterns: list = []
