"""The gateway's payout status callbacks (Iris-shaped, signed SHA512(reference_no + status + amount + server
key)): a completed payout is confirmed paid, a failed or rejected one returned to the seller's balance — each
once, whichever of the callback and our own status read comes first (payouts_disburse.py)."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import MalformedRequest, NotFound
from lapak.market.payments.gateways.base import forged, secrets_match
from lapak.market.payments.gateways.iris import FINAL_FAILED, FINAL_OK
from lapak.market.payments.gateways.midtrans import parse_amount
from lapak.market.payments.models_payouts import PayoutStatus
from lapak.market.payments.services.payouts_disburse import payout_confirm, payout_for_gateway_ref, payout_return


def callback_signature(*, reference_no: str, status: str, amount: str, server_key: str) -> str:
    return hashlib.sha512((reference_no + status + amount + server_key).encode("utf-8")).hexdigest()


def payout_callback_receive(*, provider: str, body: bytes) -> str:
    """Applies one callback; returns what it did ("paid", "returned", "no_change").

    Guarantees: a missing or wrong signature is NotAuthenticated and changes nothing; a malformed body is
    MalformedRequest; a reference Lapak has not recorded yet is NotFound (non-2xx, so the gateway sends it
    again: our own write of the reference may still be on its way); an amount other than the payout's changes
    nothing; paid and returned happen at most once (conditional updates in payout_confirm / payout_return)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedRequest() from exc
    fields = [data.get(name) if isinstance(data, dict) else None for name in ("reference_no", "status", "amount")]
    if not all(isinstance(value, str) and value for value in fields):
        raise MalformedRequest(_("reference_no, status and amount must be strings."), code="payout_callback_malformed")
    reference, status, amount = fields
    expected = callback_signature(reference_no=reference, status=status, amount=amount,
                                  server_key=settings.MIDTRANS_SERVER_KEY)
    given = data.get("signature_key")
    if not isinstance(given, str) or not secrets_match(given, expected):
        raise forged()
    payout = payout_for_gateway_ref(provider=provider, reference=reference)
    if payout is None:
        raise NotFound(_("There is no such payout."), code="payout_not_found")
    if parse_amount(amount) != payout.amount:
        return "no_change"
    if status == FINAL_OK and payout.status != PayoutStatus.PAID:
        return "paid" if payout_confirm(payout=payout, gateway_ref=reference).status == PayoutStatus.PAID \
            else "no_change"
    if status in FINAL_FAILED and payout.status in (PayoutStatus.SENDING, PayoutStatus.FAILED):
        return "returned" if payout_return(payout=payout, error=str(data.get("error_message") or status)).status \
            == PayoutStatus.RETURNED else "no_change"
    return "no_change"
