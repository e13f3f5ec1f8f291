"""Couriers, rate tables, shipments and tracking events."""
