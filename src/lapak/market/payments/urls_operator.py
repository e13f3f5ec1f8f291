"""Operators' payment pages (reconciliation), mounted at /operations/reconciliation/."""

from django.urls import path  # noqa: F401  (patterns are added as the views land)

app_name = "payments_operator"

urlpatterns: list = []
