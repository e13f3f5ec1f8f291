"""Buyer pages of orders, mounted at /orders/ (the header shows "My orders" once `orders:list` exists)."""

app_name = "orders"

urlpatterns: list = []
