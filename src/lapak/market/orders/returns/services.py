"""Return writes: the buyer asks, withdraws or disputes; the seller accepts or refuses; an operator decides.

Every step goes through `return_step`, the one place that checks returns/table.py: it locks the buyer's order
row first (the lock every order writer takes), re-reads the return under it, and writes the new status, its
timeline entry (an OrderEvent of kind "return", announced through the outbox) and its audit event together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import ValidationFailed
from lapak.core.ids import new_public_id
from lapak.market.orders import transitions as orders_table
from lapak.market.orders.errors import (
    OrderNotFound,
    ReturnAlreadyOpen,
    ReturnNotFound,
    ReturnStepNotAllowed,
    ReturnWindowClosed,
)
from lapak.market.orders.events import order_event_record
from lapak.market.orders.lock_objects import order_for_update
from lapak.market.orders.models import (
    EventKind,
    OrderLine,
    ReturnLine,
    ReturnPhoto,
    ReturnReason,
    ReturnRequest,
    SellerOrder,
    SellerOrderStatus,
)
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.returns import table
from lapak.market.orders.returns.window import refund_for
from lapak.market.orders.services.refunds import refund_request_add
from lapak.market.orders.services.transitions import actor_name
from lapak.market.sellers.services.uploads import image_sanitise

RETURNABLE = frozenset({SellerOrderStatus.DELIVERED, SellerOrderStatus.COMPLETED})
PHOTO_MAX_SIDE = 1600


def _text(value: object, field: str, *, required: bool = False, limit: int = table.MAX_TEXT) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if "\x00" in text or len(text) > limit:
        raise ValidationFailed(fields={field: [_("Write at most %(n)s characters.") % {"n": limit}]})
    if required and not text:
        raise ValidationFailed(fields={field: [_("Say why.")]})
    return text


def _due(to: str, now: Any) -> Any:
    return {R.REQUESTED: now + table.answer_within(), R.REFUSED: now + table.dispute_within(),
            R.ACCEPTED: now + table.ship_back_within()}.get(to)


def return_step(*, return_request: ReturnRequest, to: str, actor_kind: str, actor: object | None = None,
                note: str = "", data: Mapping[str, Any] | None = None, goods_back: bool | None = None,
                ) -> ReturnRequest:
    """Move a return to `to`. Guarantees: the order row is locked and the return re-read under it; the step
    must be in RETURN_TRANSITIONS for this actor kind, else ReturnStepNotAllowed and nothing changes; a seller
    refusing or an operator deciding must say why; accepting without the goods back requests the refund at
    once, and reaching refund_requested writes exactly one RefundRequest. Callers check who the actor is."""
    if actor_kind not in orders_table.ACTOR_KINDS:
        raise ValueError(f"Unknown actor kind {actor_kind!r}.")
    refusal = to == R.REFUSED
    text = _text(note, "reason" if refusal else "note", required=(actor_kind, to) in table.REASON_REQUIRED,
                 limit=table.MAX_REASON if refusal else table.MAX_TEXT)
    with transaction.atomic():
        order_for_update(return_request.seller_order.order_id).first()
        ret = ReturnRequest.objects.select_related("seller_order__order").filter(pk=return_request.pk).first()
        if ret is None:
            raise ReturnNotFound()
        ret = _apply(ret, to=to, actor_kind=actor_kind, actor=actor, note=text, data=dict(data or {}),
                     goods_back=goods_back)
        if ret.status == R.ACCEPTED and not ret.goods_back:
            ret = _apply(ret, to=R.REFUND_REQUESTED, actor_kind=orders_table.SYSTEM, actor=None, note="", data={},
                         goods_back=None)
        return ret


def _apply(ret: ReturnRequest, *, to: str, actor_kind: str, actor: object | None, note: str, data: dict,
           goods_back: bool | None) -> ReturnRequest:
    source = ret.status
    if not table.return_transition_allowed(source, to, actor_kind):
        raise ReturnStepNotAllowed(source=source, target=to, actor_kind=actor_kind)
    now = timezone.now()
    ret.status, ret.due_at = to, _due(to, now)
    fields = ["status", "due_at"]
    if to == R.REFUSED:
        ret.refusal_reason = note
        fields.append("refusal_reason")
    elif to == R.DISPUTED and actor_kind == orders_table.BUYER:
        ret.dispute_note = note
        fields.append("dispute_note")
    elif actor_kind == orders_table.OPERATOR:
        ret.decision_note = note
        fields.append("decision_note")
    if to == R.ACCEPTED and goods_back is not None:
        ret.goods_back = goods_back
        fields.append("goods_back")
    if to in table.CLOSED:
        ret.closed_at = now
        fields.append("closed_at")
    ret.save(update_fields=fields)
    so = ret.seller_order
    if to == R.REFUND_REQUESTED and ret.refund_amount > 0:
        # The over-paid guard: never more back, over all refunds of the seller order, than was paid for it.
        refund = refund_request_add(seller_order=so, amount=ret.refund_amount, return_request=ret, now=now)
        data["refund"] = refund.public_id
    name = actor_name(actor)
    details = {"return": ret.public_id, "actor_kind": actor_kind, **({"note": note} if note else {}), **data}
    order_event_record(order=so.order, seller_order=so, kind=EventKind.RETURN, from_status=source, to_status=to,
                       actor=name, data=details, at=now)
    audit_append(actor=name, action=f"order.return.{to}", subject_type="return", subject_id=ret.public_id,
                 jurisdiction=so.order.jurisdiction, before={"status": source}, after={"status": to, **details})
    return ret


def _quantities(so: SellerOrder, quantities: Mapping[str, object]) -> list[tuple[OrderLine, int]]:
    """The lines asked for, checked against what was bought less what earlier returns already took back."""
    lines = {line.variant.public_id: line for line in OrderLine.objects.filter(seller_order=so).select_related(
        "variant")}
    taken = dict(ReturnLine.objects.filter(order_line__seller_order=so).exclude(
        return_request__status__in=[R.REJECTED, R.WITHDRAWN]).values("order_line").annotate(
        n=Sum("quantity")).values_list("order_line", "n"))
    chosen, errors = [], {}
    for variant, raw in quantities.items():
        line = lines.get(str(variant))
        if line is None:
            errors[f"lines.{variant}"] = [_("This item is not part of the order.")]
            continue
        left = line.quantity - taken.get(line.pk, 0)
        if type(raw) is not int or not 0 <= raw <= left:
            errors[f"lines.{variant}"] = [_("Choose from 0 to %(n)s.") % {"n": left}]
        elif raw:
            chosen.append((line, raw))
    if errors:
        raise ValidationFailed(fields=errors)
    if not chosen:
        raise ValidationFailed(fields={"lines": [_("Choose at least one item to return.")]})
    return chosen


def return_request_open(*, seller_order: SellerOrder, buyer: object, quantities: Mapping[str, object],
                        reason: object, description: object = "", photos: Sequence[bytes] = ()) -> ReturnRequest:
    """The buyer asks to return units of a delivered seller order (keys of `quantities`: variant ids).

    Guarantees: another buyer's order is OrderNotFound; only a delivered or completed seller order before its
    return deadline (ID-CON-1) — ReturnWindowClosed otherwise; quantities between 0 and what was bought less
    earlier returns, at least one unit; a reason from ReturnReason; a description is required for "not as
    described"; up to 5 photos, decoded and re-encoded without metadata; one open return per seller order
    (ReturnAlreadyOpen, held by a unique constraint under a race). The refund amount is fixed now. Nothing is
    written unless everything is accepted."""
    if seller_order.order.buyer_id != getattr(buyer, "pk", None):
        raise OrderNotFound()
    if reason not in ReturnReason.values:
        raise ValidationFailed(fields={"reason": [_("Choose a reason.")]})
    text = _text(description, "description", required=reason == ReturnReason.NOT_AS_DESCRIBED)
    if len(photos) > table.MAX_PHOTOS:
        raise ValidationFailed(fields={"photos": [_("Add at most 5 photos.")]})
    clean = [image_sanitise(bytes(data), field="photos", max_side=PHOTO_MAX_SIDE) for data in photos]
    files: list[ReturnPhoto] = []
    try:
        with transaction.atomic():
            order_for_update(seller_order.order_id).first()
            so = SellerOrder.objects.select_related("order").get(pk=seller_order.pk)
            if so.status not in RETURNABLE or so.return_deadline is None or timezone.now() > so.return_deadline:
                raise ReturnWindowClosed()
            if ReturnRequest.objects.filter(seller_order=so, status__in=table.OPEN).exists():
                raise ReturnAlreadyOpen()
            chosen = _quantities(so, quantities)
            everything = sum(n for _line, n in chosen) == sum(
                OrderLine.objects.filter(seller_order=so).values_list("quantity", flat=True))
            amount = refund_for(lines=[(line.unit_price, n) for line, n in chosen], seller_order=so,
                                everything=everything, seller_at_fault=reason in table.SELLER_AT_FAULT)
            now = timezone.now()
            try:
                with transaction.atomic():
                    ret = ReturnRequest.objects.create(seller_order=so, reason=reason, description=text,
                                                       refund_amount=amount, requested_at=now,
                                                       due_at=_due(R.REQUESTED, now))
            except IntegrityError:
                raise ReturnAlreadyOpen() from None
            ReturnLine.objects.bulk_create([ReturnLine(return_request=ret, order_line=line, quantity=n)
                                            for line, n in chosen])
            for photo in clean:
                row = ReturnPhoto(return_request=ret, public_id=new_public_id("rph"), width=photo.width,
                                  height=photo.height)
                row.image.save(f"{row.public_id}.jpg", ContentFile(photo.data), save=False)
                files.append(row)
                row.save()
            name = actor_name(buyer)
            lines = [{"sku": line.sku, "quantity": n} for line, n in chosen]
            details = {"return": ret.public_id, "actor_kind": orders_table.BUYER, "reason": reason,
                       "lines": lines, "refund_amount": amount, "photos": len(clean)}
            order_event_record(order=so.order, seller_order=so, kind=EventKind.RETURN, to_status=R.REQUESTED,
                               actor=name, data=details, at=now)
            audit_append(actor=name, action="order.return.requested", subject_type="return",
                         subject_id=ret.public_id, jurisdiction=so.order.jurisdiction, after=details)
            return ret
    except BaseException:
        for row in files:  # the rows rolled back; do not leave their files behind
            if row.image.name:
                row.image.storage.delete(row.image.name)
        raise


def return_withdraw(*, return_request: ReturnRequest, buyer: object) -> ReturnRequest:
    """The buyer takes the request back (any open status but on its way back)."""
    _require_buyer(return_request, buyer)
    return return_step(return_request=return_request, to=R.WITHDRAWN, actor_kind=orders_table.BUYER, actor=buyer)


def return_dispute(*, return_request: ReturnRequest, buyer: object, note: object = "") -> ReturnRequest:
    """The buyer asks Lapak to look at the seller's refusal."""
    _require_buyer(return_request, buyer)
    return return_step(return_request=return_request, to=R.DISPUTED, actor_kind=orders_table.BUYER, actor=buyer,
                       note=_text(note, "note"))


def return_answer(*, return_request: ReturnRequest, seller_actor: object, accept: bool, goods_back: bool = True,
                  reason: object = "") -> ReturnRequest:
    """The seller accepts (with or without the goods back) or refuses with a reason. The caller has checked
    the actor is the shop's owner or manager and that the return is the shop's."""
    if accept:
        return return_step(return_request=return_request, to=R.ACCEPTED, actor_kind=orders_table.SELLER,
                           actor=seller_actor, goods_back=bool(goods_back))
    return return_step(return_request=return_request, to=R.REFUSED, actor_kind=orders_table.SELLER,
                       actor=seller_actor, note=reason if isinstance(reason, str) else "")


def return_decide(*, return_request: ReturnRequest, operator: object, accept: bool, note: object,
                  goods_back: bool = True) -> ReturnRequest:
    """An operator settles a disputed return, always with a note the buyer and seller see."""
    to = R.ACCEPTED if accept else R.REJECTED
    return return_step(return_request=return_request, to=to, actor_kind=orders_table.OPERATOR, actor=operator,
                       note=note if isinstance(note, str) else "", goods_back=bool(goods_back) if accept else None)


def _require_buyer(return_request: ReturnRequest, buyer: object) -> None:
    if return_request.seller_order.order.buyer_id != getattr(buyer, "pk", None):
        raise ReturnNotFound()
