"""Cart writes. Import services from here."""

from lapak.market.checkout.services.carts import cart_merge, cart_open, cart_open_anonymous
from lapak.market.checkout.services.lines import cart_acknowledge, cart_line_add, cart_line_remove, cart_line_update
from lapak.market.checkout.services.placement import checkout_place

__all__ = [
    "cart_acknowledge",
    "cart_line_add",
    "cart_line_remove",
    "cart_line_update",
    "cart_merge",
    "cart_open",
    "cart_open_anonymous",
    "checkout_place",
]
