"""Payment pages, mounted at /pay/."""

from django.urls import path  # noqa: F401  (patterns are added as the views land)

app_name = "payments"

urlpatterns: list = []
