"""Inventory writes, split by use case; import them from here."""

from lapak.market.inventory.services.allocations import stock_allocate, stock_deallocate
from lapak.market.inventory.services.reservations import reservations_expire, stock_release, stock_reserve
from lapak.market.inventory.services.stock import stock_adjust, stock_restock, warehouse_create

__all__ = [
    "reservations_expire",
    "stock_adjust",
    "stock_allocate",
    "stock_deallocate",
    "stock_release",
    "stock_reserve",
    "stock_restock",
    "warehouse_create",
]
