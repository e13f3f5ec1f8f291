"""Carts, checkout and order placement (one order split into per-seller orders)."""
