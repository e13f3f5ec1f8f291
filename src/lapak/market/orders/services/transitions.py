"""The one place order statuses change: lock, check the table, write, record the timeline and the audit log."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from lapak.core.audit.services import audit_append
from lapak.market.inventory.services import stock_deallocate
from lapak.market.orders import transitions as table
from lapak.market.orders.errors import IllegalTransition, OrderNotFound, ReasonRequired
from lapak.market.orders.events import order_event_record
from lapak.market.orders.lock_objects import order_for_update, seller_orders_for_update
from lapak.market.orders.models import (
    EventKind,
    Order,
    OrderLine,
    OrderStatus,
    SellerOrder,
    SellerOrderStatus,
)
from lapak.market.orders.returns.window import return_deadline_for

MAX_REASON = 300
# Units stay allocated to the order until it completes; a parcel that came back puts them back on the shelf too.
ALLOCATED = frozenset({SellerOrderStatus.PAID, SellerOrderStatus.ACCEPTED, SellerOrderStatus.SHIPPED})


def line_stock_ref(order: Order, line: OrderLine) -> str:
    """The reference inventory allocates an order line's units under."""
    return f"{order.public_id}/{line.pk}"


def actor_name(actor: object | None) -> str:
    """How an actor is named in the timeline and the audit log: a user's public id, or "system"."""
    return getattr(actor, "public_id", None) or "system"


def _check_actor(actor_kind: str) -> None:
    if actor_kind not in table.ACTOR_KINDS:
        raise ValueError(f"Unknown actor kind {actor_kind!r}.")


def _locked_order(order: Order) -> Order:
    locked = order_for_update(order.pk).first()
    if locked is None:
        raise OrderNotFound()
    return locked


def _apply_order(locked: Order, *, to: str, actor_kind: str, actor: object | None, data: dict | None) -> Order:
    """Inside the caller's transaction, with `locked` already locked."""
    source = locked.status
    if not table.order_transition_allowed(source, to, actor_kind):
        raise IllegalTransition(source=source, target=to, actor_kind=actor_kind)
    now = timezone.now()
    locked.status = to
    fields = ["status"]
    if to == OrderStatus.PAID:
        locked.paid_at = now
        fields.append("paid_at")
    if to in table.ORDER_CLOSED:
        locked.closed_at = now
        fields.append("closed_at")
    locked.save(update_fields=fields)
    name = actor_name(actor)
    order_event_record(order=locked, kind=EventKind.STATUS_CHANGE, from_status=source, to_status=to, actor=name,
                       data={"actor_kind": actor_kind, **(data or {})}, at=now)
    audit_append(actor=name, action=f"order.{to}", subject_type="order", subject_id=locked.public_id,
                 jurisdiction=locked.jurisdiction, before={"status": source},
                 after={"status": to, "actor_kind": actor_kind, **(data or {})})
    return locked


def order_transition(*, order: Order, to: str, actor_kind: str, actor: object | None = None,
                     data: dict[str, Any] | None = None) -> Order:
    """Move the buyer's order to `to`. Guarantees: the row is locked and its current status re-read; the step
    must be in ORDER_TRANSITIONS for this actor kind, else IllegalTransition and nothing changes; the change,
    its timeline event and its audit event commit together."""
    _check_actor(actor_kind)
    with transaction.atomic():
        return _apply_order(_locked_order(order), to=to, actor_kind=actor_kind, actor=actor, data=data)


def _apply_seller_order(so: SellerOrder, order: Order, *, to: str, actor_kind: str, actor: object | None,
                        reason: str, data: dict | None) -> SellerOrder:
    source = so.status
    if not table.seller_order_transition_allowed(source, to, actor_kind):
        raise IllegalTransition(source=source, target=to, actor_kind=actor_kind)
    if (actor_kind, to) in table.REASON_REQUIRED and not reason:
        raise ReasonRequired()
    now = timezone.now()
    so.status, so.updated_at = to, now
    fields = ["status", "updated_at"]
    if to == SellerOrderStatus.CANCELLED:
        so.cancel_reason = reason
        fields.append("cancel_reason")
    if to == SellerOrderStatus.DELIVERED:
        # The return window (ID-CON-1) is fixed now, from the lines' categories and the holiday calendar.
        so.delivered_at, so.return_deadline = now, return_deadline_for(so, now, jurisdiction=order.jurisdiction)
        fields += ["delivered_at", "return_deadline"]
    so.save(update_fields=fields)
    if to == SellerOrderStatus.CANCELLED and source in ALLOCATED:
        # The units went to this order at payment; cancelled, they go back on the shelf.
        stock_deallocate(order_line_refs=[line_stock_ref(order, line) for line in OrderLine.objects.filter(
            seller_order=so)], actor=actor_name(actor))
    details = {"actor_kind": actor_kind, **({"reason": reason} if reason else {}), **(data or {})}
    name = actor_name(actor)
    order_event_record(order=order, seller_order=so, kind=EventKind.STATUS_CHANGE, from_status=source,
                       to_status=to, actor=name, data=details, at=now)
    audit_append(actor=name, action=f"seller_order.{to}", subject_type="seller_order", subject_id=so.public_id,
                 jurisdiction=order.jurisdiction, before={"status": source}, after={"status": to, **details})
    return so


def _reason_checked(reason: object) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if len(text) > MAX_REASON or "\x00" in text:
        raise ReasonRequired()
    return text


def seller_order_transition(*, seller_order: SellerOrder, to: str, actor_kind: str, actor: object | None = None,
                            reason: str = "", data: dict[str, Any] | None = None) -> SellerOrder:
    """Move one seller's part of an order to `to`.

    Guarantees: the buyer's order row is locked first, then this seller order (the order every writer locks
    in), and the status is re-read under the lock; the step must be in SELLER_ORDER_TRANSITIONS for this actor
    kind, else IllegalTransition and nothing changes; a seller or operator cancelling must give a reason
    (ReasonRequired). Once every seller order of a paid order is closed, the order itself is completed (any
    completed) or cancelled (all cancelled) in the same transaction. Timeline and audit events commit with it.
    Callers decide who the actor is (membership, ownership) before calling."""
    _check_actor(actor_kind)
    text = _reason_checked(reason)
    with transaction.atomic():
        order = _locked_order(seller_order.order)
        siblings = list(seller_orders_for_update(order.pk))
        so = next((s for s in siblings if s.pk == seller_order.pk), None)
        if so is None:
            raise OrderNotFound()
        so = _apply_seller_order(so, order, to=to, actor_kind=actor_kind, actor=actor, reason=text, data=data)
        statuses = {s.status for s in siblings}
        if order.status == OrderStatus.PAID and statuses <= table.SELLER_ORDER_CLOSED:
            final = OrderStatus.CANCELLED if statuses == {SellerOrderStatus.CANCELLED} else OrderStatus.COMPLETED
            _apply_order(order, to=final, actor_kind=table.SYSTEM, actor=None, data=None)
        so.order = order
        return so
