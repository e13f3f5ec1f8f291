"""Seller centre pages (placeholder: filled by the seller-centre work)."""

app_name = "sellers"

urlpatterns: list = []
