"""Xendit's payout callbacks (payout.succeeded, payout.failed...): authenticated by the x-callback-token header,
then confirmed by asking Xendit for the payout, whose answer is what is applied. A succeeded payout is confirmed
paid, a failed one returned to the seller's balance — each once, whichever of the callback and our own status
read comes first (payouts_disburse.py). A paid payout the bank sent back (REVERSED) is returned to the seller's
balance too, once (payout_reverse_paid)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.market.payments.gateways.iris import FINAL_FAILED, FINAL_OK, REVERSED
from lapak.market.payments.gateways.registry import XENDIT, gateway_for
from lapak.market.payments.models_payouts import PayoutStatus
from lapak.market.payments.services.payouts_disburse import (
    payout_confirm,
    payout_for_gateway_ref,
    payout_return,
    payout_reverse_paid,
)


def xendit_payout_callback_receive(*, headers: Mapping[str, str], body: bytes) -> str:
    """Applies one payout callback; returns what it did ("paid", "returned", "no_change").

    Guarantees: a missing or wrong token is NotAuthenticated and changes nothing; a malformed body is
    MalformedRequest; the payout's state is Xendit's answer to our own request, not the body's; a payout Lapak has
    not recorded yet is NotFound (non-2xx, so Xendit sends it again: our write of its id may still be on its way);
    an amount other than the payout's changes nothing; paid and returned happen at most once (conditional updates
    in payout_confirm / payout_return / payout_reverse_paid)."""
    result, amount = gateway_for(XENDIT).parse_payout_callback(headers=headers, body=body)
    payout = payout_for_gateway_ref(provider=XENDIT, reference=result.reference)
    if payout is None:
        raise NotFound(_("There is no such payout."), code="payout_not_found")
    if amount != payout.amount:
        return "no_change"
    if result.status == FINAL_OK and payout.status != PayoutStatus.PAID:
        done = payout_confirm(payout=payout, gateway_ref=result.reference)
        return "paid" if done.status == PayoutStatus.PAID else "no_change"
    if result.status == REVERSED and payout.status == PayoutStatus.PAID:
        done = payout_reverse_paid(payout=payout, error=result.error or result.status)
        return "returned" if done.status == PayoutStatus.RETURNED else "no_change"
    if result.status in FINAL_FAILED and payout.status in (PayoutStatus.SENDING, PayoutStatus.FAILED):
        done = payout_return(payout=payout, error=result.error or result.status)
        return "returned" if done.status == PayoutStatus.RETURNED else "no_change"
    return "no_change"
