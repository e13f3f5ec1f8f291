"""Orders and their returns; import models from here."""

from lapak.market.orders.models.notifications import Audience, OrderNotification
from lapak.market.orders.models.orders import (
    EventKind,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    SellerOrder,
    SellerOrderStatus,
)
from lapak.market.orders.models.refunds import BankRefund
from lapak.market.orders.models.returns import (
    RefundRequest,
    RefundRoute,
    RefundStatus,
    ReturnLine,
    ReturnPhoto,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)

__all__ = ["Audience", "BankRefund", "EventKind", "Order", "OrderEvent", "OrderLine", "OrderNotification",
           "OrderStatus", "RefundRequest", "RefundRoute", "RefundStatus", "ReturnLine", "ReturnPhoto", "ReturnReason",
           "ReturnRequest", "ReturnStatus", "SellerOrder", "SellerOrderStatus"]
