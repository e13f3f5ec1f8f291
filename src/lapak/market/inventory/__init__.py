"""Inventory: warehouses, stock per variant and warehouse, reservations with an expiry, allocations."""
