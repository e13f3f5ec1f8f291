"""Notes on a seller order's timeline: a line the shop writes for the buyer ("packed, the courier comes at
four") or the buyer for the shop ("please leave it with the neighbour"). Both sides see every note."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import ValidationFailed
from lapak.market.orders import transitions as table
from lapak.market.orders.errors import OrderNotFound
from lapak.market.orders.events import order_event_record
from lapak.market.orders.lock_objects import order_for_update
from lapak.market.orders.models import EventKind, OrderEvent, SellerOrder, SellerOrderStatus
from lapak.market.orders.services.transitions import actor_name

MAX_NOTE = 500
NOTES_PER_DAY = 20  # per seller order and side: a timeline, not a chat


def _text(value: object) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationFailed(fields={"text": [_("Write the note.")]})
    if len(text) > MAX_NOTE or "\x00" in text:
        raise ValidationFailed(fields={"text": [_("Write at most %(n)s characters.") % {"n": MAX_NOTE}]})
    return text


def seller_order_note_add(*, seller_order: SellerOrder, actor: object, actor_kind: str, text: object) -> OrderEvent:
    """Add a note to the seller order's timeline, from the buyer or the shop (the caller has checked the actor
    is the order's buyer, or an owner or manager of the shop, and passes the matching actor kind).

    Guarantees: 1–500 characters; not on an unpaid order (nobody at the shop sees it yet); at most 20 notes a
    day per side; written with its audit event under the order's lock and announced through the outbox, so
    the other side is e-mailed after commit."""
    if actor_kind not in (table.BUYER, table.SELLER):
        raise ValueError(f"Notes come from the buyer or the seller, not {actor_kind!r}.")
    if actor_kind == table.BUYER and seller_order.order.buyer_id != getattr(actor, "pk", None):
        raise OrderNotFound()
    note = _text(text)
    with transaction.atomic():
        order = order_for_update(seller_order.order_id).first()
        so = SellerOrder.objects.get(pk=seller_order.pk)
        if so.status == SellerOrderStatus.AWAITING_PAYMENT:
            raise ValidationFailed(fields={"text": [_("Notes can be added once the order is paid.")]})
        since = timezone.now() - timedelta(days=1)
        recent = OrderEvent.objects.filter(seller_order=so, kind=EventKind.NOTE, data__actor_kind=actor_kind,
                                           at__gte=since).count()
        if recent >= NOTES_PER_DAY:
            raise ValidationFailed(fields={"text": [_("That is enough notes for today; they will be read.")]})
        name = actor_name(actor)
        event = order_event_record(order=order, seller_order=so, kind=EventKind.NOTE, actor=name,
                                   data={"actor_kind": actor_kind, "text": note})
        audit_append(actor=name, action="order.note", subject_type="seller_order", subject_id=so.public_id,
                     jurisdiction=order.jurisdiction, after={"actor_kind": actor_kind, "length": len(note)})
    return event
