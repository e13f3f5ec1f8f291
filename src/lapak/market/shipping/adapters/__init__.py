"""Courier adapters: one interface (base.CourierAdapter) for live rates, booking and tracking."""
