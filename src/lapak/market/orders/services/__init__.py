"""Order writes, split by use case; import them from here."""

from lapak.market.orders.services.completion import seller_order_confirm_received, seller_orders_auto_complete
from lapak.market.orders.services.deadlines import seller_orders_overdue_cancel
from lapak.market.orders.services.notes import seller_order_note_add
from lapak.market.orders.services.payment import order_cancel_unpaid, order_mark_paid, orders_expire
from lapak.market.orders.services.shipping import seller_order_ship
from lapak.market.orders.services.transitions import order_transition, seller_order_transition

__all__ = ["order_cancel_unpaid", "order_mark_paid", "order_transition", "orders_expire",
           "seller_order_confirm_received", "seller_order_note_add", "seller_order_ship", "seller_order_transition",
           "seller_orders_auto_complete", "seller_orders_overdue_cancel"]
