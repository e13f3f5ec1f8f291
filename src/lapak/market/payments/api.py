"""/api/v1/payments/: paying an order and the gateways' notifications (filled as issue 6 lands)."""

from ninja import Router

router = Router(tags=["payments"])
