"""The letters about a return's steps (orders/returns/table.py): who hears of each, and what they read.

The buyer hears of every step but the automatic refund request right after an acceptance without the goods
back (the acceptance letter says it). The shop's owners and managers hear of what asks something of them or
ends what they were waiting for: a new request to answer, a dispute, Lapak's decision, the parcel coming back,
its arrival reported by the courier, a withdrawal.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from lapak.market.orders.models import Audience, RefundRequest
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.notifications.common import Facts, Letter, rupiah, when
from lapak.market.orders.notifications.order_steps import Writer, courier_of
from lapak.market.orders.returns import table
from lapak.market.orders.transitions import BUYER, OPERATOR, SELLER

WINDOWS = {R.REQUESTED: table.answer_within, R.REFUSED: table.dispute_within, R.ACCEPTED: table.ship_back_within}


def _ids(facts: Facts) -> dict[str, str]:
    event, ret = facts.event, facts.return_request
    return {"ret": ret.public_id, "order": event.order.public_id, "so": event.seller_order.public_id,
            "shop": event.seller_order.seller.shop_name, "amount": rupiah(ret.refund_amount)}


def _kind(facts: Facts) -> str:
    return str(facts.event.data.get("actor_kind", ""))


def _due(facts: Facts) -> str:
    """The deadline this step set: the return's own while it has not moved on, else the same rule again."""
    ret, event = facts.return_request, facts.event
    if ret.status == event.to_status and ret.due_at:
        return when(ret.due_at)
    window = WINDOWS.get(event.to_status)
    return when(event.at + window()) if window else ""


def _decision(facts: Facts, accepted: bool) -> Letter:
    ids = _ids(facts)
    if accepted:
        subject, what = (_("Lapak decided on return %(ret)s: accepted") % ids,
                         _("Lapak looked at the return and accepted it."))
    else:
        subject, what = (_("Lapak decided on return %(ret)s: rejected") % ids,
                         _("Lapak looked at the return and rejected it: there is no refund."))
    lines = [what]
    if facts.return_request.decision_note:
        lines.append(_("Lapak's note: %(note)s") % {"note": facts.return_request.decision_note})
    return Letter(subject, lines)


def _parcel(facts: Facts) -> list[str]:
    data = facts.event.data
    lines = []
    courier = courier_of(data)
    if courier:
        lines.append(_("Courier: %(courier)s") % {"courier": courier})
    if data.get("tracking_number"):
        lines.append(_("Tracking number: %(number)s") % {"number": data["tracking_number"]})
    return lines


# --- to the buyer -----------------------------------------------------------------------------------------

def buyer_requested(facts: Facts) -> Letter:
    ids = _ids(facts)
    return Letter(_("Return %(ret)s requested for order %(order)s") % ids, [
        _("We sent your return request to %(shop)s. The shop answers by %(due)s; if it does not, Lapak decides.")
        % {**ids, "due": _due(facts)},
        _("Refund if the return is accepted: %(amount)s") % ids])


def buyer_accepted(facts: Facts) -> Letter:
    ids = _ids(facts)
    if _kind(facts) == OPERATOR:
        letter = _decision(facts, True)
    else:
        letter = Letter(_("%(shop)s accepted your return %(ret)s") % ids)
    if facts.return_request.goods_back:
        letter.lines += [_("Please send the items back by %(due)s; you can book the courier from the order page.")
                         % {"due": _due(facts)},
                         _("Your refund of %(amount)s is requested once the parcel arrives at the shop.") % ids]
    else:
        letter.lines += [_("You do not need to send the items back."),
                         _("A refund of %(amount)s is requested now and paid within 7 days.") % ids]
    return letter


def buyer_refused(facts: Facts) -> Letter:
    ids = _ids(facts)
    return Letter(_("%(shop)s refused your return %(ret)s") % ids, [
        _("Reason: %(reason)s") % {"reason": facts.return_request.refusal_reason},
        _("If you disagree, ask Lapak to decide by %(due)s on the order page; otherwise the request closes.")
        % {"due": _due(facts)}])


def buyer_disputed(facts: Facts) -> Letter:
    ids = _ids(facts)
    if _kind(facts) == BUYER:
        what = _("You asked Lapak to look at the shop's refusal.")
    else:
        what = _("%(shop)s did not answer your request in time, so Lapak decides.") % ids
    return Letter(_("Lapak will decide on return %(ret)s") % ids, [what, _("We will write to you with the decision.")])


def buyer_rejected(facts: Facts) -> Letter:
    if _kind(facts) == OPERATOR:
        return _decision(facts, False)
    return Letter(_("Return %(ret)s is closed") % _ids(facts), [
        _("The refusal was not disputed by its deadline, so the request is closed without a refund.")])


def buyer_shipped_back(facts: Facts) -> Letter:
    ids = _ids(facts)
    return Letter(_("Return %(ret)s is on its way back to %(shop)s") % ids, [
        *_parcel(facts), _("Your refund of %(amount)s is requested when the parcel arrives at the shop.") % ids])


def buyer_refund_requested(facts: Facts) -> Letter:
    ids = _ids(facts)
    refund = RefundRequest.objects.filter(return_request=facts.return_request).first()
    due: datetime | None = refund.due_at if refund else None
    lines = [_("The returned items arrived at %(shop)s.") % ids]
    if refund is not None:
        lines.append(_("Your refund of %(amount)s is requested and will be paid by %(due)s.")
                     % {"amount": rupiah(refund.amount), "due": when(due)})
    return Letter(_("Refund requested for return %(ret)s") % ids, lines)


def buyer_withdrawn(facts: Facts) -> Letter:
    ids = _ids(facts)
    if _kind(facts) == BUYER:
        return Letter(_("You withdrew return %(ret)s") % ids, [_("The return request is closed.")])
    return Letter(_("Return %(ret)s is closed") % ids, [
        _("The items were not sent back by the deadline, so the request is closed without a refund.")])


# --- to the shop's owners and managers --------------------------------------------------------------------

def seller_requested(facts: Facts) -> Letter:
    ids, ret = _ids(facts), facts.return_request
    due = _due(facts)
    lines = [_("The buyer asks to return items of order %(so)s. Reason: %(reason)s.")
             % {**ids, "reason": ret.get_reason_display()}]
    if ret.description:
        lines.append(_("The buyer says: %(text)s") % {"text": ret.description})
    lines += [_("Refund asked: %(amount)s") % ids,
              _("Accept or refuse it by %(due)s; if you do not answer, Lapak decides.") % {"due": due}]
    return Letter(_("Return request %(ret)s for order %(so)s: answer by %(due)s") % {**ids, "due": due}, lines)


def seller_disputed(facts: Facts) -> Letter:
    ids, ret = _ids(facts), facts.return_request
    if _kind(facts) == BUYER:
        lines = [_("The buyer disagrees with your refusal and asked Lapak to decide.")]
        if ret.dispute_note:
            lines.append(_("The buyer says: %(text)s") % {"text": ret.dispute_note})
    else:
        lines = [_("You did not answer the return request in time, so Lapak decides.")]
    lines.append(_("We will write to you with the decision."))
    return Letter(_("Return %(ret)s for order %(so)s goes to Lapak") % ids, lines)


def seller_decided(facts: Facts) -> Letter:
    accepted = facts.event.to_status == R.ACCEPTED
    letter = _decision(facts, accepted)
    if accepted and facts.return_request.goods_back:
        letter.lines.append(_("The buyer sends the items back by %(due)s.") % {"due": _due(facts)})
    elif accepted:
        letter.lines.append(_("The items stay with the buyer; the refund of %(amount)s is requested.") % _ids(facts))
    return letter


def seller_shipped_back(facts: Facts) -> Letter:
    ids = _ids(facts)
    return Letter(_("Return %(ret)s for order %(so)s is on its way to you") % ids, [
        *_parcel(facts),
        _("When the parcel arrives, check it and confirm on the order page; the refund of %(amount)s is then "
          "requested.") % ids])


def seller_arrived(facts: Facts) -> Letter:
    ids = _ids(facts)
    return Letter(_("Return %(ret)s for order %(so)s arrived") % ids, [
        _("The courier reports that the returned parcel arrived. The refund of %(amount)s to the buyer is "
          "requested.") % ids])


def seller_withdrawn(facts: Facts) -> Letter:
    ids = _ids(facts)
    if _kind(facts) == BUYER:
        what = _("The buyer withdrew the return request.")
    else:
        what = _("The buyer did not send the items back in time, so the return request is closed.")
    return Letter(_("Return %(ret)s for order %(so)s was withdrawn") % ids, [what, _("There is nothing more to do.")])


def return_step_letters(facts: Facts) -> list[tuple[str, Writer]]:
    """Who is told of this return step (an audience each), and the writer of their letter."""
    to, source, kind = facts.event.to_status, facts.event.from_status, _kind(facts)
    buyer, seller = Audience.BUYER, Audience.SELLER
    if to == R.REQUESTED:
        return [(buyer, buyer_requested), (seller, seller_requested)]
    if to == R.ACCEPTED:
        return [(buyer, buyer_accepted)] + ([(seller, seller_decided)] if kind == OPERATOR else [])
    if to == R.REFUSED:
        return [(buyer, buyer_refused)]
    if to == R.DISPUTED:
        return [(buyer, buyer_disputed), (seller, seller_disputed)]
    if to == R.REJECTED:
        return [(buyer, buyer_rejected)] + ([(seller, seller_decided)] if kind == OPERATOR else [])
    if to == R.SHIPPED_BACK:
        return [(buyer, buyer_shipped_back), (seller, seller_shipped_back)]
    if to == R.REFUND_REQUESTED:
        if source == R.ACCEPTED:  # accepted without the goods back: the acceptance letter told everyone
            return []
        return [(buyer, buyer_refund_requested)] + ([(seller, seller_arrived)] if kind != SELLER else [])
    if to == R.WITHDRAWN:
        return [(buyer, buyer_withdrawn), (seller, seller_withdrawn)]
    return []
