"""Operator pages of the oversight portal, under /operations/oversight/."""

from django.urls import path

from lapak.oversight.pricing import views

app_name = "oversight_pricing_ops"

urlpatterns = [
    path("legal-requests/", views.legal_requests, name="legal_requests"),
]
