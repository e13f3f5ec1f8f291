"""Payment arriving, and unpaid orders ending: the narrow interface the payments issue calls.

Lock order (every writer, so none deadlock): the Order row, its seller orders, the stock rows (inventory),
then the voucher rows (promotions). Placement, which has no order row to lock yet, takes stock then vouchers.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.market.inventory.services import stock_allocate, stock_release
from lapak.market.orders import transitions as table
from lapak.market.orders.errors import IllegalTransition, OrderNotFound
from lapak.market.orders.lock_objects import order_for_update, seller_orders_for_update
from lapak.market.orders.models import Order, OrderLine, OrderStatus, SellerOrderStatus
from lapak.market.orders.services.transitions import _apply_order, _apply_seller_order, line_stock_ref
from lapak.market.promotions.selectors import redemptions_of_order
from lapak.market.promotions.services import voucher_redemption_confirm, voucher_redemption_release

EXPIRE_BATCH = 100


def order_mark_paid(*, order: Order, payment_reference: str) -> Order:
    """The buyer's payment for `order` succeeded.

    Guarantees, in one transaction: the order is locked and must still await payment (a cancelled or expired
    order is IllegalTransition: the payments issue refunds it); the units reserved at placement become
    allocations per order line (re-counted under the stock lock: InsufficientStock if a lapsed hold lost its
    units, and nothing changes); held voucher redemptions are confirmed; the order and every seller order move
    to paid, with timeline and audit events. Idempotent: the same `payment_reference` again returns the order."""
    if not isinstance(payment_reference, str) or not 1 <= len(payment_reference.strip()) <= 100:
        raise ValidationFailed(fields={"payment_reference": [_("Give a payment reference of 1 to 100 characters.")]})
    with transaction.atomic():
        locked = order_for_update(order.pk).first()
        if locked is None:
            raise OrderNotFound()
        if locked.status == OrderStatus.PAID and locked.payment_reference == payment_reference:
            return locked
        if not table.order_transition_allowed(locked.status, OrderStatus.PAID, table.SYSTEM):
            raise IllegalTransition(source=locked.status, target=OrderStatus.PAID, actor_kind=table.SYSTEM)
        seller_orders = list(seller_orders_for_update(locked.pk))
        lines = OrderLine.objects.filter(seller_order__order=locked)
        stock_allocate(key=locked.public_id,
                       order_line_refs={line.variant_id: line_stock_ref(locked, line) for line in lines})
        for redemption in redemptions_of_order(order_ref=locked.public_id):
            voucher_redemption_confirm(redemption=redemption)
        locked.payment_reference = payment_reference
        locked.save(update_fields=["payment_reference"])
        data = {"payment_reference": payment_reference}
        _apply_order(locked, to=OrderStatus.PAID, actor_kind=table.SYSTEM, actor=None, data=data)
        for so in seller_orders:
            _apply_seller_order(so, locked, to=SellerOrderStatus.PAID, actor_kind=table.SYSTEM, actor=None,
                                reason="", data=None)
    return locked


def order_cancel_unpaid(*, order: Order, actor_kind: str, actor: object | None = None, reason: str = "") -> Order:
    """Cancel an order that was never paid: by its buyer, or by the system when the payment is overdue.

    Guarantees, in one transaction: the order and its seller orders are cancelled (IllegalTransition if it is
    paid meanwhile); every unit reserved for it is released and every voucher redemption released (budget and
    the buyer's uses given back). Idempotent: an already cancelled order is returned unchanged."""
    return _cancel_unpaid(order, actor_kind=actor_kind, actor=actor, reason=reason)[0]


def _cancel_unpaid(order: Order, *, actor_kind: str, actor: object | None, reason: str) -> tuple[Order, bool]:
    with transaction.atomic():
        locked = order_for_update(order.pk).first()
        if locked is None:
            raise OrderNotFound()
        if locked.status == OrderStatus.CANCELLED:
            return locked, False
        if locked.status != OrderStatus.AWAITING_PAYMENT:  # paid meanwhile: the table alone would allow it
            raise IllegalTransition(source=locked.status, target=OrderStatus.CANCELLED, actor_kind=actor_kind)
        data = {"reason": reason} if reason else None
        _apply_order(locked, to=OrderStatus.CANCELLED, actor_kind=actor_kind, actor=actor, data=data)
        for so in seller_orders_for_update(locked.pk):
            _apply_seller_order(so, locked, to=SellerOrderStatus.CANCELLED, actor_kind=actor_kind, actor=actor,
                                reason=reason, data=None)
        stock_release(key=locked.public_id)
        for redemption in redemptions_of_order(order_ref=locked.public_id):
            voucher_redemption_release(redemption=redemption)
    return locked, True


def orders_expire(*, now: datetime | None = None, batch: int = EXPIRE_BATCH) -> int:
    """Cancel every order still awaiting payment past its `payment_due_at`, releasing its stock and vouchers;
    returns how many were cancelled. Each order in its own short transaction; safe to run twice at once (the
    status is re-read under the order's lock, so one run cancels and the other finds it done)."""
    now = now or timezone.now()
    cancelled = 0
    seen: set[int] = set()
    while True:
        due = list(Order.objects.filter(status=OrderStatus.AWAITING_PAYMENT, payment_due_at__lte=now)
                   .exclude(pk__in=seen).order_by("payment_due_at", "pk").values_list("pk", flat=True)[:batch])
        if not due:
            return cancelled
        for pk in due:
            seen.add(pk)
            try:
                _order, changed = _cancel_unpaid(Order(pk=pk), actor_kind=table.SYSTEM, actor=None,
                                                 reason="payment_overdue")
            except IllegalTransition:  # paid in the meantime
                continue
            cancelled += changed
