"""Paying refunds back (issue 6, part 7): an orders.RefundRequest — from a return, or adopted from a
payments.PaymentRefundNeeded — goes back through the original method where the gateway can refund it (card,
e-wallet, QRIS), else by bank transfer to an account the buyer gives (virtual account, cash on delivery).

Statuses: requested → executing → paid | failed (retried by `refunds_execute_due`) | awaiting_bank_account.
A gateway may accept a refund without paying it yet (Xendit answers PENDING): the refund then stays executing
with the gateway's reference, until the gateway's callback or a poll (`refund_poll`) says paid or failed.
Never paid twice: an execution first claims the refund with a conditional UPDATE (requested, or failed and due,
or stuck executing) in its own short transaction; the gateway is then called with no transaction open and no
row locked (DESIGN.md), under the gateway's idempotency key = the refund's public id, so even a retry after a
lost answer refunds once. The ledger entries (refunds_ledger.py) are keyed by the refund too.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from lapak.core.errors import LapakError
from lapak.market.orders.lock_objects import order_for_update
from lapak.market.orders.models import BankRefund, RefundRequest, RefundRoute, RefundStatus
from lapak.market.orders.returns import table
from lapak.market.payments.gateways.base import GatewayEvent, GatewayRefused
from lapak.market.payments.gateways.registry import gateway_for
from lapak.market.payments.models import IntentStatus, Method, PaymentIntent, PaymentRefundNeeded
from lapak.market.payments.models_cod import CodParcel
from lapak.market.payments.services.cod_remittance import cod_clearing_owner
from lapak.market.payments.services.refunds_ledger import ledger_refund_paid, ledger_refund_reserve

log = logging.getLogger(__name__)
S = RefundStatus
GATEWAY_REFUNDABLE = frozenset({Method.QRIS, Method.CARD, Method.EWALLET})
STUCK_AFTER = timedelta(minutes=10)  # an executor that died between its claim and the gateway's answer
POLL_EVERY = timedelta(minutes=10)  # a refund the gateway accepted, not yet paid: asked again, lest a callback be lost
RETRY_FIRST, RETRY_MAX = timedelta(minutes=5), timedelta(hours=6)
BATCH = 100


def paying_intent(refund: RefundRequest) -> PaymentIntent | None:
    """The payment the refund gives money back from: the intent of the refund-needed it was adopted from, else
    the intent that paid the order (its payment reference), never a duplicate payment that is itself being
    refunded (None for an order marked paid without one, e.g. cash on delivery)."""
    if refund.source_ref:
        return PaymentRefundNeeded.objects.select_related("intent").get(public_id=refund.source_ref).intent
    paid = PaymentIntent.objects.filter(order_id=refund.order_id, status=IntentStatus.PAID).exclude(
        pk__in=PaymentRefundNeeded.objects.values("intent"))  # money already being given back whole
    reference = refund.order.payment_reference  # the intent order_mark_paid was called with
    return (paid.filter(public_id=reference).first() if reference else None) or paid.order_by(
        "-paid_at", "-pk").first()


def refund_route(intent: PaymentIntent | None) -> str:
    if intent is not None and intent.provider and intent.method in GATEWAY_REFUNDABLE:
        return RefundRoute.GATEWAY
    return RefundRoute.BANK


def _fresh(refund: RefundRequest) -> RefundRequest:
    return RefundRequest.objects.select_related("order", "seller_order").get(pk=refund.pk)


def _claimable(now: datetime) -> Q:
    return (Q(status=S.REQUESTED) | Q(status=S.FAILED, next_attempt_at__lte=now)
            | Q(status=S.EXECUTING, route=RefundRoute.GATEWAY, gateway_ref="", claimed_at__lt=now - STUCK_AFTER))


def _pollable(now: datetime) -> Q:
    return Q(status=S.EXECUTING, route=RefundRoute.GATEWAY, claimed_at__lt=now - POLL_EVERY) & ~Q(gateway_ref="")


def refund_execute(*, refund_request: RefundRequest, now: datetime | None = None) -> RefundRequest:
    """Pays the refund back once. Guarantees: only the caller whose conditional UPDATE claims the refund goes
    on (a concurrent or repeated call returns the refund as it is); the reserve entry is posted before any money
    moves; a gateway refund is requested under the refund's public id and confirmed (paid, ledger) by its answer
    or by the gateway's notification, whichever comes first, once; an answer that is not final (accepted, not
    paid yet) leaves it executing with the gateway's reference and posts nothing more; a gateway that refuses
    the refund (GatewayRefused) sends it to the buyer's bank account instead; any other failure leaves status
    failed with the error and a next attempt time; a bank refund without an account waits in
    awaiting_bank_account."""
    now = now or timezone.now()
    refund = _fresh(refund_request)
    intent = paying_intent(refund)
    route = refund_route(intent)
    try:
        # Claim and reserve commit together: escrow release (which waits for requested refunds) sees either
        # a requested refund with its money in escrow, or an executing one whose money has left escrow. The
        # order's row first, as every order writer: two refunds of one seller order reserve one after the other,
        # so the second sees the first's entry (a clawback after release counts the goods already given back).
        with transaction.atomic():
            order_for_update(refund.order_id).first()
            claimed = RefundRequest.objects.filter(_claimable(now), pk=refund.pk).update(
                status=S.EXECUTING, claimed_at=now, attempts=F("attempts") + 1, next_attempt_at=None, route=route)
            if claimed:
                ledger_refund_reserve(refund=refund)
    except LapakError as exc:  # nothing was claimed (rolled back): record the attempt if it is still ours to make
        return _failed(refund, exc, now, where=_claimable(now), attempts=refund.attempts + 1)
    if not claimed:
        return _fresh(refund)
    refund = _fresh(refund)
    if route == RefundRoute.BANK:
        if not BankRefund.objects.filter(refund=refund).exists():
            RefundRequest.objects.filter(pk=refund.pk, status=S.EXECUTING).update(status=S.AWAITING_BANK_ACCOUNT)
        return _fresh(refund)
    try:
        answer = gateway_for(intent.provider).refund(intent.provider_order_id, amount=refund.amount,
                                                     key=refund.public_id, reason="Lapak refund")
    except GatewayRefused as exc:  # the gateway answered no (a channel it cannot refund, a refund it failed)
        return _to_bank(refund, exc, now)
    except LapakError as exc:
        return _failed(refund, exc, now, where=Q(status=S.EXECUTING, claimed_at=now), attempts=refund.attempts)
    if answer.final:
        return refund_confirm(refund_request=refund, gateway_ref=answer.reference)
    # Accepted, not paid yet: the reference marks it as the gateway's to finish (never claimed as stuck).
    RefundRequest.objects.filter(pk=refund.pk, status=S.EXECUTING, claimed_at=now).update(
        gateway_ref=answer.reference[:100])
    return _fresh(refund)


def _to_bank(refund: RefundRequest, exc: LapakError, now: datetime) -> RefundRequest:
    """The gateway refused to give the money back its way: retrying under the same key would be refused again,
    so the refund goes to the buyer's bank account instead (the money is already in refunds payable)."""
    waiting = S.EXECUTING if BankRefund.objects.filter(refund=refund).exists() else S.AWAITING_BANK_ACCOUNT
    RefundRequest.objects.filter(pk=refund.pk, status=S.EXECUTING, claimed_at=now).update(
        route=RefundRoute.BANK, status=waiting, error=f"{exc.code}: {exc.message}"[:300], gateway_ref="")
    log.warning("refund %s refused by the gateway (%s): to the buyer's bank account", refund.public_id, exc.code)
    return _fresh(refund)


def _failed(refund: RefundRequest, exc: LapakError, now: datetime, *, where: Q, attempts: int) -> RefundRequest:
    """Records a failed attempt (only where `where` still holds: never over another executor's claim)."""
    delay = min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_MAX)
    RefundRequest.objects.filter(where, pk=refund.pk).update(
        status=S.FAILED, attempts=attempts, error=f"{exc.code}: {exc.message}"[:300], next_attempt_at=now + delay,
        gateway_ref="")
    log.warning("refund %s failed: %s", refund.public_id, exc.code)
    return _fresh(refund)


def refund_confirm(*, refund_request: RefundRequest, gateway_ref: str = "",
                   now: datetime | None = None) -> RefundRequest:
    """Marks the refund paid and posts refunds payable → gateway clearing, once (a conditional UPDATE from
    executing or failed; a second confirmation — the gateway's answer and its notification — changes nothing)."""
    now = now or timezone.now()
    with transaction.atomic():
        done = RefundRequest.objects.filter(pk=refund_request.pk, status__in=[S.EXECUTING, S.FAILED]).update(
            status=S.PAID, paid_at=now, gateway_ref=gateway_ref[:100], error="", next_attempt_at=None)
        refund = _fresh(refund_request)
        if done:
            ledger_refund_paid(refund=refund, provider=_clearing_owner(refund, paying_intent(refund)))
            if refund.source_ref:
                PaymentRefundNeeded.objects.filter(public_id=refund.source_ref, refunded_at=None).update(
                    refunded_at=now)
    return refund


def _clearing_owner(refund: RefundRequest, intent: PaymentIntent | None) -> str:
    """Where the refunded money leaves from: the paying gateway's clearing, or for cash on delivery the clearing
    of the courier that collected it ("cod:<courier>", where its remittance arrived)."""
    parcel = CodParcel.objects.filter(seller_order_id=refund.seller_order_id).first() \
        if refund.seller_order_id else None
    if parcel is not None:  # a COD intent stays pending until the courier remits, so look at the parcel
        return cod_clearing_owner(parcel.provider)
    return intent.provider if intent is not None else ""


def refunds_confirm_from_gateway(*, intent: PaymentIntent, event: GatewayEvent) -> int:
    """A gateway's refund / partial_refund event: confirms every refund of the intent's order it lists by
    refund key (our refund public ids), not yet confirmed, and marks failed (with the gateway's error, retried
    later; the money stays in refunds payable) every executing one it lists under `refunds_failed`. Runs in the
    notification's claim transaction. Returns how many it confirmed (0 for a redelivery, or when the answer to
    our request confirmed them)."""
    now = timezone.now()
    for item in _listed(event, "refunds_failed"):
        for refund in RefundRequest.objects.filter(order_id=intent.order_id, public_id=str(item["refund_key"]),
                                                   status=S.EXECUTING):
            _failed(refund, GatewayRefused(str(item.get("error") or "")[:100] or None), now,
                    where=Q(status=S.EXECUTING), attempts=refund.attempts)
    refs = {str(item["refund_key"]): str(item.get("refund_chargeback_id") or "") for item in _listed(event, "refunds")}
    confirmed = 0
    for refund in RefundRequest.objects.filter(order_id=intent.order_id, public_id__in=list(refs),
                                               status__in=[S.EXECUTING, S.FAILED]):
        refund_confirm(refund_request=refund, gateway_ref=refs[refund.public_id])
        confirmed += 1
    return confirmed


def _listed(event: GatewayEvent, name: str) -> list[dict]:
    listed = event.raw.get(name) if isinstance(event.raw, dict) else None
    return [item for item in listed or [] if isinstance(item, dict) and item.get("refund_key")]


def refund_poll(*, refund_request: RefundRequest, now: datetime | None = None) -> RefundRequest:
    """Asks the gateway about a refund it accepted without paying it yet (executing, with its reference), so a
    lost callback loses nothing: paid → refund_confirm (once); failed → failed with the gateway's error (retried,
    the money still in refunds payable); still pending or unreachable → asked again after POLL_EVERY."""
    now = now or timezone.now()
    refund = _fresh(refund_request)
    intent = paying_intent(refund)
    status_of = getattr(gateway_for(intent.provider), "refund_status", None) if intent is not None else None
    pending = Q(status=S.EXECUTING, gateway_ref=refund.gateway_ref)
    if refund.status != S.EXECUTING or not refund.gateway_ref or status_of is None:
        return refund
    try:
        answer = status_of(refund.gateway_ref)
    except GatewayRefused as exc:
        return _failed(refund, exc, now, where=pending, attempts=refund.attempts)
    except LapakError:
        answer = None
    if answer is not None and answer.final:
        return refund_confirm(refund_request=refund, gateway_ref=answer.reference, now=now)
    RefundRequest.objects.filter(pending, pk=refund.pk).update(claimed_at=now)
    return _fresh(refund)


def refund_needed_adopt(*, refund_needed: PaymentRefundNeeded, now: datetime | None = None) -> RefundRequest:
    """The refund request paying back a payment that could not be used; one per refund-needed (unique
    source_ref; the loser of a creation race reads the winner's row)."""
    now = now or timezone.now()
    found = RefundRequest.objects.filter(source_ref=refund_needed.public_id).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return RefundRequest.objects.create(order_id=refund_needed.intent.order_id, amount=refund_needed.amount,
                                                source_ref=refund_needed.public_id, requested_at=now,
                                                due_at=now + table.refund_within())
    except IntegrityError:
        return RefundRequest.objects.get(source_ref=refund_needed.public_id)


def refund_needed_execute(*, refund_needed: PaymentRefundNeeded) -> RefundRequest:
    """Adopts a refund-needed and executes it (see refund_execute)."""
    return refund_execute(refund_request=refund_needed_adopt(refund_needed=refund_needed))


def refunds_execute_due(*, now: datetime | None = None, batch: int = BATCH) -> dict[str, int]:
    """The periodic task's work: adopts refund-needed rows not yet adopted, then executes every refund that is
    requested, failed and due, or stuck executing, and asks the gateway about every refund it accepted and has
    not paid for POLL_EVERY (refund_poll). One failing refund does not stop the others. Each refund is stamped
    with the moment it is worked on (not the batch's start), so readers that fold rows by time (the oversight
    rollups) never find one committed behind a watermark they already passed."""
    given, now = now, now or timezone.now()
    adopted = RefundRequest.objects.exclude(source_ref="").values("source_ref")
    for needed in PaymentRefundNeeded.objects.filter(refunded_at=None).exclude(public_id__in=adopted)[:batch]:
        refund_needed_adopt(refund_needed=needed, now=now)
    counts = {"paid": 0, "failed": 0, "waiting": 0}
    due = list(RefundRequest.objects.filter(_claimable(now)).order_by("due_at", "pk")[:batch])
    polled = list(RefundRequest.objects.filter(_pollable(now)).order_by("claimed_at", "pk")[:batch])
    for refund, run in [(r, refund_execute) for r in due] + [(r, refund_poll) for r in polled]:
        try:
            status = run(refund_request=refund, now=given or timezone.now()).status
        except Exception:  # one broken refund must not block the rest; a stuck gateway claim is retaken later
            log.exception("refund %s could not be executed", refund.public_id)
            status = S.FAILED
        key = {S.PAID: "paid", S.FAILED: "failed"}.get(status, "waiting")
        counts[key] += 1
    return counts
