"""Operator review desk pages (placeholder: filled by the review-desk work)."""

app_name = "operations"

urlpatterns: list = []
