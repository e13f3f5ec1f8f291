"""Seller centre pages (mounted at /seller/), split by use case; urls.py names them."""
