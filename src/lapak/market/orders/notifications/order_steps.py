"""The letters about an order's steps: who hears of each status change, and what they read.

The buyer hears of the whole order (placed, paid, completed, cancelled unpaid) and of each shop's part
(accepted, shipped, delivered, cancelled after payment); a shop's owners and managers hear of their part (paid
and to accept, cancelled by someone else, delivered, completed). A part cancelled with its unpaid order is told
once, by the order's letter; sellers never heard of an unpaid order and are not told it ended.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from lapak.market.orders import policy
from lapak.market.orders.cancel_reasons import cancel_reason_text
from lapak.market.orders.models import Audience, EventKind, OrderStatus, SellerOrderStatus
from lapak.market.orders.notifications.common import Facts, Letter, rupiah, when
from lapak.market.orders.transitions import BUYER, OPERATOR, SELLER, SYSTEM
from lapak.market.shipping.models import Courier, Shipment

Writer = Callable[[Facts], Letter]


def courier_name(code: str) -> str:
    return Courier.objects.filter(code=code).values_list("name", flat=True).first() or code.upper()


def courier_of(data: dict, default_code: str = "") -> str:
    """The courier carrying the parcel of a timeline entry: named in it when a person booked it, else that of
    its shipment (the courier reported the pickup first), else `default_code`; "" when none is known."""
    code = str(data.get("courier") or "")
    if not code and data.get("shipment"):
        code = Shipment.objects.filter(public_id=str(data["shipment"])).values_list(
            "courier__code", flat=True).first() or ""
    code = code or default_code
    return courier_name(code) if code else ""


def _ids(facts: Facts) -> dict[str, str]:
    event = facts.event
    so = event.seller_order
    return {"order": event.order.public_id, "so": so.public_id if so else "", "shop": so.seller.shop_name if so else ""}


def _actor_kind(facts: Facts) -> str:
    return str(facts.event.data.get("actor_kind", ""))


def _reason(facts: Facts) -> str:
    return str(facts.event.data.get("reason", "") or facts.event.data.get("note", ""))


# --- the whole order, to the buyer ------------------------------------------------------------------------

def buyer_placed(facts: Facts) -> Letter:
    order = facts.event.order
    due = when(order.payment_due_at)
    return Letter(_("Order %(order)s is placed: please pay by %(due)s") % {**_ids(facts), "due": due}, [
        _("Thank you for your order. Please pay %(total)s by %(due)s; an order not paid by then is cancelled.")
        % {"total": rupiah(order.grand_total), "due": due}])


def buyer_paid(facts: Facts) -> Letter:
    return Letter(_("Payment received for order %(order)s") % _ids(facts), [
        _("We received your payment of %(total)s.") % {"total": rupiah(facts.event.order.grand_total)},
        _("The sellers now prepare your order; we will write again when it is on its way.")])


def buyer_order_completed(facts: Facts) -> Letter:
    return Letter(_("Order %(order)s is completed") % _ids(facts), [
        _("Your order is completed. Thank you for shopping on Lapak.")])


def buyer_unpaid_cancelled(facts: Facts) -> Letter:
    if _actor_kind(facts) == BUYER:
        why = _("You cancelled this order before paying it.")
    else:
        why = _("The order was not paid by %(due)s, so it was cancelled automatically.") % {
            "due": when(facts.event.order.payment_due_at)}
    return Letter(_("Order %(order)s is cancelled") % _ids(facts), [why, _("Nothing was charged.")])


# --- one shop's part, to the buyer ------------------------------------------------------------------------

def buyer_accepted(facts: Facts) -> Letter:
    ids = _ids(facts)
    return Letter(_("%(shop)s accepted your order %(order)s") % ids, [
        _("%(shop)s is preparing your parcel and will hand it to the courier soon.") % ids])


def buyer_shipped(facts: Facts) -> Letter:
    ids, data, so = _ids(facts), facts.event.data, facts.event.seller_order
    lines = [_("%(shop)s handed your parcel to the courier.") % ids,
             _("Courier: %(courier)s") % {"courier": courier_of(data, so.courier_code)}]
    if data.get("tracking_number"):
        lines.append(_("Tracking number: %(number)s") % {"number": data["tracking_number"]})
    lines.append(_("You can follow the parcel on the order page."))
    return Letter(_("Your order %(order)s from %(shop)s is on its way") % ids, lines)


def buyer_delivered(facts: Facts) -> Letter:
    ids, so = _ids(facts), facts.event.seller_order
    lines = [_("The courier reports that your parcel from %(shop)s was delivered.") % ids]
    if so.return_deadline:
        lines.append(_("Please check it, then confirm receipt or ask for a return until %(deadline)s.")
                     % {"deadline": when(so.return_deadline)})
    else:
        lines.append(_("Please check it, then confirm receipt."))
    return Letter(_("Your order %(order)s from %(shop)s was delivered") % ids, lines)


def _cancel_reason(facts: Facts) -> str:
    """A system reason is a code; a seller's or an operator's is their own words."""
    return cancel_reason_text(_reason(facts))


def buyer_part_cancelled(facts: Facts) -> Letter:
    ids, kind = _ids(facts), _actor_kind(facts)
    who = {BUYER: _("You cancelled your order from %(shop)s."), SELLER: _("%(shop)s cancelled your order."),
           OPERATOR: _("Lapak cancelled your order from %(shop)s."),
           SYSTEM: _("Your order from %(shop)s was cancelled automatically.")}
    lines = [who.get(kind, who[SYSTEM]) % ids]
    if _reason(facts):
        lines.append(_("Reason: %(reason)s") % {"reason": _cancel_reason(facts)})
    lines.append(_("What you paid for this part of the order will be refunded."))
    return Letter(_("Your order %(order)s from %(shop)s is cancelled") % ids, lines)


# --- one shop's part, to its owners and managers ----------------------------------------------------------

def seller_to_accept(facts: Facts) -> Letter:
    ids, so = _ids(facts), facts.event.seller_order
    due = when(facts.event.at + policy.accept_within())
    return Letter(_("New order %(so)s: accept it by %(due)s") % {**ids, "due": due}, [
        _("Order %(so)s is paid: %(goods)s of goods, to ship with %(courier)s.")
        % {**ids, "goods": rupiah(so.goods_subtotal), "courier": courier_name(so.courier_code)},
        _("Accept it by %(due)s, or it is cancelled automatically.") % {"due": due}])


def seller_cancelled(facts: Facts) -> Letter:
    ids, kind, reason = _ids(facts), _actor_kind(facts), _reason(facts)
    if kind == BUYER:
        why = _("The buyer cancelled order %(so)s.") % ids
    elif kind == OPERATOR:
        why = _("Lapak cancelled order %(so)s.") % ids
    elif reason == "not_accepted_in_time":
        why = _("Order %(so)s was not accepted by its deadline, so it was cancelled automatically.") % ids
    elif reason == "not_shipped_in_time":
        why = _("Order %(so)s was not shipped by its deadline, so it was cancelled automatically.") % ids
    else:
        why = _("Order %(so)s was cancelled.") % ids
    lines = [why]
    if kind == OPERATOR and reason:
        lines.append(_("Reason: %(reason)s") % {"reason": reason})
    lines.append(_("Do not ship it: its units are back in your stock."))
    return Letter(_("Order %(so)s is cancelled") % ids, lines)


def seller_delivered(facts: Facts) -> Letter:
    ids, so = _ids(facts), facts.event.seller_order
    lines = [_("The courier reports that order %(so)s was delivered to the buyer.") % ids]
    if so.return_deadline:
        lines.append(_("The buyer may ask for a return until %(deadline)s.") % {"deadline": when(so.return_deadline)})
    return Letter(_("Order %(so)s was delivered") % ids, lines)


def seller_completed(facts: Facts) -> Letter:
    ids = _ids(facts)
    if _actor_kind(facts) == BUYER:
        what = _("The buyer confirmed receiving order %(so)s.") % ids
    else:
        what = _("Order %(so)s was completed automatically after its delivery.") % ids
    return Letter(_("Order %(so)s is completed") % ids, [what, _("There is nothing more to do for this order.")])


# --- who hears of what ------------------------------------------------------------------------------------

ORDER_LETTERS: dict[str, list[tuple[str, Writer]]] = {
    OrderStatus.AWAITING_PAYMENT: [(Audience.BUYER, buyer_placed)],
    OrderStatus.PAID: [(Audience.BUYER, buyer_paid)],
    OrderStatus.COMPLETED: [(Audience.BUYER, buyer_order_completed)],
}
PART_LETTERS: dict[str, list[tuple[str, Writer]]] = {
    SellerOrderStatus.PAID: [(Audience.SELLER, seller_to_accept)],
    SellerOrderStatus.ACCEPTED: [(Audience.BUYER, buyer_accepted)],
    SellerOrderStatus.SHIPPED: [(Audience.BUYER, buyer_shipped)],
    SellerOrderStatus.DELIVERED: [(Audience.BUYER, buyer_delivered), (Audience.SELLER, seller_delivered)],
    SellerOrderStatus.COMPLETED: [(Audience.SELLER, seller_completed)],
}


def buyer_note(facts: Facts) -> Letter:
    ids = _ids(facts)
    return Letter(_("A note from %(shop)s about order %(so)s") % ids, [
        _("%(shop)s wrote:") % ids, str(facts.event.data.get("text", ""))])


def seller_note(facts: Facts) -> Letter:
    ids = _ids(facts)
    return Letter(_("A note from the buyer about order %(so)s") % ids, [
        _("The buyer wrote:"), str(facts.event.data.get("text", ""))])


def order_step_letters(facts: Facts) -> list[tuple[str, Writer]]:
    """Who is told of this status change or note (an audience each), and the writer of their letter."""
    event = facts.event
    if event.kind == EventKind.NOTE:  # a note is for the other side
        return [(Audience.SELLER, seller_note)] if _actor_kind(facts) == BUYER else [(Audience.BUYER, buyer_note)]
    to, source = event.to_status, event.from_status
    if event.seller_order is None:
        if to == OrderStatus.CANCELLED:
            # Cancelled from paid means every part was cancelled, and each part's letter said so already.
            return [(Audience.BUYER, buyer_unpaid_cancelled)] if source == OrderStatus.AWAITING_PAYMENT else []
        return ORDER_LETTERS.get(to, [])
    if to == SellerOrderStatus.CANCELLED:
        if source == SellerOrderStatus.AWAITING_PAYMENT:
            return []
        told = [(Audience.BUYER, buyer_part_cancelled)]
        if _actor_kind(facts) != SELLER:  # the shop did it itself
            told.append((Audience.SELLER, seller_cancelled))
        return told
    return PART_LETTERS.get(to, [])
