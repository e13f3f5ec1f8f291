"""Seller centre pages of orders: the order desk (mounted at /seller/orders/)."""
