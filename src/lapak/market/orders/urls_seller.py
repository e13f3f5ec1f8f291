"""The seller centre's order desk, mounted at /seller/orders/."""

app_name = "orders_seller"

urlpatterns: list = []
