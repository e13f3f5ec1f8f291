"""E-mails to buyers and sellers about each step of an order and of a return, in the recipient's language."""

from lapak.market.orders.notifications.sending import order_event_notify

__all__ = ["order_event_notify"]
