"""Orders and their returns; import models from here."""

from lapak.market.orders.models.orders import (
    EventKind,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    SellerOrder,
    SellerOrderStatus,
)
from lapak.market.orders.models.returns import (
    RefundRequest,
    RefundStatus,
    ReturnLine,
    ReturnPhoto,
    ReturnReason,
    ReturnRequest,
    ReturnStatus,
)

__all__ = ["EventKind", "Order", "OrderEvent", "OrderLine", "OrderStatus", "RefundRequest", "RefundStatus",
           "ReturnLine", "ReturnPhoto", "ReturnReason", "ReturnRequest", "ReturnStatus", "SellerOrder",
           "SellerOrderStatus"]
