"""Vouchers, campaigns and flash sales."""
