"""Paying a payout out through the gateway, exactly once (issue 6 part 6).

Claim first: a conditional UPDATE (queued; failed and due; or stuck sending) → sending, in its own short
transaction; then the gateway is called with no transaction open and no row locked (DESIGN.md), under the
payout's public id as the gateway's idempotency key, so a retry after a lost answer pays once. The answer:
completed → paid (payouts in transit → gateway clearing); refused by the bank → returned (the in-transit entry
reversed: the money is the seller's balance again, for the next batch); unreachable or refused request → failed,
retried with back-off, the error shown to the seller; still processing → stays sending and is asked again.

The same life cycle pays creators (affiliates.CreatorPayout): every function here works on either kind of payout
row through the few members both models have (`DISBURSE_RELATED`, `ledger_owner`, `audit_subject()`,
`destination()`); a kind registered with payout_model_register is also found by the gateways' callbacks.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from lapak.core.audit.services import audit_append
from lapak.core.errors import LapakError
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_entry_reverse, ledger_post
from lapak.market.payments.gateways.iris import FINAL_FAILED, FINAL_OK, DisbursementOrder
from lapak.market.payments.gateways.registry import gateway_for
from lapak.market.payments.models_payouts import Payout, PayoutStatus

log = logging.getLogger(__name__)
S = PayoutStatus
STUCK_AFTER = timedelta(minutes=10)  # a worker that died between its claim and the gateway's answer
RETRY_FIRST, RETRY_MAX = timedelta(minutes=5), timedelta(hours=6)
BATCH = 100


def _claimable(now: datetime) -> Q:
    return (Q(status=S.QUEUED) | Q(status=S.FAILED, next_attempt_at__lte=now)
            | Q(status=S.SENDING, claimed_at__lt=now - STUCK_AFTER))


_payout_models: list[type[Payout]] = [Payout]


def payout_model_register(model: type) -> None:
    """Another kind of payout row with Payout's life cycle (called once from its app's ready())."""
    if model not in _payout_models:
        _payout_models.append(model)


def payout_for_gateway_ref(*, provider: str, reference: str) -> Payout | None:
    """The payout of any registered kind the gateway knows by `reference`, or None."""
    for model in _payout_models:
        found = (model.objects.select_related(*model.DISBURSE_RELATED)
                 .filter(provider=provider, gateway_ref=reference).first())
        if found is not None:
            return found
    return None


def _rows(payout: Payout) -> object:
    return type(payout).objects


def _fresh(payout: Payout) -> Payout:
    return _rows(payout).select_related(*type(payout).DISBURSE_RELATED).get(pk=payout.pk)


def payout_disburse(*, payout: Payout, now: datetime | None = None) -> Payout:
    """Sends the payout to the seller's bank once. Guarantees: only the caller whose conditional UPDATE claims
    it calls the gateway (a concurrent or early repeated call returns the payout as it is); the gateway sees one
    payout per payout public id; paid, returned and the ledger entries happen once (see payout_confirm); a
    failure records the error and the next attempt time (back-off 5 min doubling to 6 h)."""
    now = now or timezone.now()
    claimed = _rows(payout).filter(_claimable(now), pk=payout.pk).update(
        status=S.SENDING, claimed_at=now, attempts=F("attempts") + 1, next_attempt_at=None)
    if not claimed:
        return _fresh(payout)
    payout = _fresh(payout)
    try:
        bank_code, number, holder_name = payout.destination(actor="system:payouts", purpose="payout.disburse")
        order = DisbursementOrder(key=payout.public_id, amount=payout.amount, bank_code=bank_code,
                                  account_number=number, holder_name=holder_name,
                                  notes=f"Lapak payout {payout.public_id}")
        result = gateway_for(payout.provider).disburse(order)
    except LapakError as exc:
        return _failed(payout, f"{exc.code}: {exc.message}", now)
    _rows(payout).filter(pk=payout.pk, status=S.SENDING).update(gateway_ref=result.reference[:100])
    if result.status == FINAL_OK:
        return payout_confirm(payout=payout, gateway_ref=result.reference, now=now)
    if result.status in FINAL_FAILED:
        return payout_return(payout=payout, error=result.error or result.status, now=now)
    return _fresh(payout)  # processing: the stuck-claim retry asks again under the same key


def _failed(payout: Payout, error: str, now: datetime) -> Payout:
    delay = min(RETRY_FIRST * 2 ** max(payout.attempts - 1, 0), RETRY_MAX)
    _rows(payout).filter(pk=payout.pk, status=S.SENDING, claimed_at=now).update(
        status=S.FAILED, error=error[:300], next_attempt_at=now + delay)
    log.warning("payout %s failed: %s", payout.public_id, error)
    return _fresh(payout)


def payout_confirm(*, payout: Payout, gateway_ref: str = "", now: datetime | None = None) -> Payout:
    """Marks the payout paid and posts payouts in transit → gateway clearing, once (conditional UPDATE)."""
    now = now or timezone.now()
    with transaction.atomic():
        done = _rows(payout).filter(pk=payout.pk, status__in=[S.SENDING, S.FAILED]).update(
            status=S.PAID, paid_at=now, gateway_ref=gateway_ref[:100], error="", next_attempt_at=None)
        if done:
            owner = payout.ledger_owner
            subject_type, subject_id, jurisdiction = payout.audit_subject()
            ledger_post(key=f"payout.paid:{payout.public_id}", cause_type="payout", cause_id=payout.public_id,
                        memo=f"payout {payout.public_id} paid",
                        postings=[debit(ledger_account(kind=AccountKind.PAYOUTS_IN_TRANSIT, owner_ref=owner),
                                        payout.amount),
                                  credit(ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref=payout.provider),
                                         payout.amount)])
            audit_append(actor="system", action="payout.paid", subject_type=subject_type, subject_id=subject_id,
                         jurisdiction=jurisdiction,
                         after={"payout": payout.public_id, "amount": payout.amount, "gateway_ref": gateway_ref})
    return _fresh(payout)


def payout_return(*, payout: Payout, error: str, now: datetime | None = None) -> Payout:
    """The bank refused the payout for good: the in-transit entry is reversed (the money is the seller's
    balance again, paid by a later batch) and the payout shows returned with the bank's reason; once."""
    with transaction.atomic():
        done = _rows(payout).filter(pk=payout.pk, status__in=[S.SENDING, S.FAILED]).update(
            status=S.RETURNED, error=error[:300], next_attempt_at=None)
        if done:
            ledger_entry_reverse(entry=JournalEntry.objects.get(key=payout.entry_key), cause_type="payout",
                                 cause_id=payout.public_id, memo=f"payout {payout.public_id} refused by the bank")
            subject_type, subject_id, jurisdiction = payout.audit_subject()
            audit_append(actor="system", action="payout.returned", subject_type=subject_type,
                         subject_id=subject_id, jurisdiction=jurisdiction,
                         after={"payout": payout.public_id, "error": error[:300]})
    return _fresh(payout)


def payout_reverse_paid(*, payout: Payout, error: str) -> Payout:
    """The bank sent a paid payout back (Xendit's REVERSED): the money is in the gateway's balance again and the
    seller's, for a later batch. Both entries of the payout are reversed — paid (gateway clearing back to in
    transit), then the payout (in transit back to the seller's payable), each under "<key>:reversal" — and the
    payout shows returned with the bank's reason; once (a conditional UPDATE from paid)."""
    with transaction.atomic():
        done = _rows(payout).filter(pk=payout.pk, status=S.PAID).update(
            status=S.RETURNED, error=error[:300], next_attempt_at=None)
        if done:
            for key in (f"payout.paid:{payout.public_id}", payout.entry_key):
                ledger_entry_reverse(entry=JournalEntry.objects.get(key=key), cause_type="payout",
                                     cause_id=payout.public_id, memo=f"payout {payout.public_id} sent back by the bank")
            subject_type, subject_id, jurisdiction = payout.audit_subject()
            audit_append(actor="system", action="payout.reversed", subject_type=subject_type,
                         subject_id=subject_id, jurisdiction=jurisdiction,
                         after={"payout": payout.public_id, "error": error[:300]})
    return _fresh(payout)


def payouts_disburse_due(*, now: datetime | None = None, batch: int = BATCH, model: type[Payout] = Payout
                         ) -> dict[str, int]:
    """Disburses every payout (of `model`: sellers' by default) that is queued, failed and due, or stuck
    sending. One failing does not stop the others. Returns counts by outcome. Each payout is stamped with the
    moment it is sent (not the batch's start), so time-ordered readers (the oversight rollups) miss none."""
    given, now = now, now or timezone.now()
    counts = {"paid": 0, "failed": 0, "returned": 0, "sending": 0}
    for payout in model.objects.filter(_claimable(now)).order_by("pk")[:batch]:
        try:
            status = payout_disburse(payout=payout, now=given or timezone.now()).status
        except Exception:  # one broken payout must not block the rest; a stuck claim is retaken later
            log.exception("payout %s could not be disbursed", payout.public_id)
            status = S.FAILED
        counts[status if status in counts else "sending"] += 1
    return counts
