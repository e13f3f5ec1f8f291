"""Payout batches (issue 6 part 6): once a day every seller whose payable reaches PAYOUT_MINIMUM gets one payout
of its whole payable — or a held one, recording why, when its money may not move yet.

Ledger: first, what the shop owes Lapak (a seller receivable left by a refund after payout) is set off against
its payable (payouts_netting.py); then a payout takes what is left of the payable into payouts in transit
(seller payable → payouts_in_transit, key "payout:<payout>"), so a refund's clawback can no longer count on it;
the gateway's confirmation moves it on to gateway clearing (payouts_disburse.py). A held payout moves nothing;
the next day's batch looks again.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lapak.compliance.services import compliance_decide
from lapak.core.audit.services import audit_append
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import Account
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.orders.models import ReturnRequest
from lapak.market.orders.returns.table import OPEN as OPEN_RETURN
from lapak.market.payments.gateways.registry import payout_provider
from lapak.market.payments.models_payouts import HoldReason, Payout, PayoutStatus
from lapak.market.payments.services.payouts_netting import receivable_net
from lapak.market.sellers.models import BankAccount, OrganisationStatus, SellerOrganisation
from lapak.market.sellers.rules import PAYOUT_HOLD_AFTER_BANK_CHANGE
from lapak.market.sellers.selectors import payout_account, payouts_on_hold

DEFAULT_MINIMUM = 50_000


def payout_minimum() -> int:
    return int(getattr(settings, "PAYOUT_MINIMUM", DEFAULT_MINIMUM))


def payout_key(payout: Payout) -> str:
    return f"payout:{payout.public_id}"


def payout_hold_reasons(organisation: SellerOrganisation, *, now: datetime) -> list[str]:
    """Why no money may be paid out to the seller at `now` (empty: it may), as HoldReason codes."""
    org = SellerOrganisation.objects.get(pk=organisation.pk)
    reasons = []
    if org.status != OrganisationStatus.VERIFIED:
        reasons.append(HoldReason.SELLER_NOT_VERIFIED)
    if payout_account(org) is None:
        current = BankAccount.objects.filter(organisation=org, is_current=True).exists()
        reasons.append(HoldReason.BANK_ACCOUNT_UNVERIFIED if current else HoldReason.NO_BANK_ACCOUNT)
    changed_since = now - PAYOUT_HOLD_AFTER_BANK_CHANGE
    if (org.payout_hold_until is not None and org.payout_hold_until > now) or BankAccount.objects.filter(
            organisation=org, replaced_at__gt=changed_since).exists():
        reasons.append(HoldReason.BANK_ACCOUNT_CHANGED)
    if not reasons and payouts_on_hold(org, now=now):  # the sellers' gate knows one more: the owner's consent
        reasons.append(HoldReason.NO_CONSENT)
    if ReturnRequest.objects.filter(seller_order__seller=org, status__in=OPEN_RETURN).exists():
        reasons.append(HoldReason.RETURN_OPEN)
    return [str(r) for r in reasons]


def payout_create(*, organisation: SellerOrganisation, batch_date: date, now: datetime | None = None,
                  minimum: int | None = None) -> Payout | None:
    """The seller's payout of the batch `batch_date`, made once.

    Guarantees: at most one payout per seller per batch day (a unique constraint: a concurrent or repeated
    call returns the existing one and moves no money); before the amount is read, the shop's receivable is
    netted against its payable, once per shop per batch day (also for a held payout: it only sets off what the
    two sides owe each other); None when the payable left is below the minimum; a held payout records its
    reasons and moves nothing; otherwise the whole payable read now moves to payouts in transit in the same
    transaction as the row (never more than the payable holds: ledger_post refuses, the transaction rolls back
    and the next batch retries)."""
    now = now or timezone.now()
    minimum = payout_minimum() if minimum is None else minimum
    if (done := Payout.objects.filter(seller=organisation, batch_date=batch_date).first()) is not None:
        return done
    receivable_net(organisation=organisation, batch_date=batch_date)
    amount = ledger_balance(kind=AccountKind.SELLER_PAYABLE, owner_ref=organisation.public_id)
    if amount < max(minimum, 1):
        return None
    reasons = payout_hold_reasons(organisation, now=now)
    account = None if reasons else payout_account(organisation)
    provider = "" if reasons else payout_provider()  # settings.PAYOUT_GATEWAY; a payout keeps the one it was made for
    with transaction.atomic():
        try:
            with transaction.atomic():
                payout = Payout.objects.create(
                    seller=organisation, batch_date=batch_date, amount=amount, hold_reasons=reasons,
                    status=PayoutStatus.HELD if reasons else PayoutStatus.QUEUED, bank_account=account,
                    provider=provider, created_at=now)
        except IntegrityError:  # another batch run made it first
            return Payout.objects.get(seller=organisation, batch_date=batch_date)
        decision = compliance_decide(
            event="payout.release", jurisdiction=organisation.jurisdiction, subject_type="payout",
            subject_id=payout.public_id, party=organisation.public_id, actor="system",
            facts={"seller": organisation.public_id, "seller_status": organisation.status, "amount": amount,
                   "hold_reasons": reasons, "batch_date": batch_date.isoformat()})
        if not decision.allowed and not reasons:
            reasons = [str(HoldReason.COMPLIANCE)]
            payout.status, payout.hold_reasons, payout.bank_account, payout.provider = (
                PayoutStatus.HELD, reasons, None, "")
            payout.save(update_fields=["status", "hold_reasons", "bank_account", "provider"])
        if not reasons:
            payable = ledger_account(kind=AccountKind.SELLER_PAYABLE, owner_ref=organisation.public_id)
            transit = ledger_account(kind=AccountKind.PAYOUTS_IN_TRANSIT, owner_ref=organisation.public_id)
            ledger_post(key=payout_key(payout), cause_type="payout", cause_id=payout.public_id,
                        memo=f"payout {payout.public_id} of {organisation.public_id}",
                        postings=[debit(payable, amount), credit(transit, amount)])
            Payout.objects.filter(pk=payout.pk).update(entry_key=payout_key(payout))
            payout.entry_key = payout_key(payout)
        audit_append(actor="system", action="payout.held" if reasons else "payout.created",
                     subject_type="seller_organisation", subject_id=organisation.public_id,
                     jurisdiction=organisation.jurisdiction,
                     after={"payout": payout.public_id, "amount": amount, "hold_reasons": reasons},
                     decision=decision.as_dict())
    return payout


def payout_batch_run(*, now: datetime | None = None, minimum: int | None = None) -> dict[str, int]:
    """The daily batch: a payout (or a held one) for every seller whose payable reaches the minimum, after netting
    what it owes Lapak (also for sellers whose payable, netted, stays below the minimum), then the disbursement
    of every payout due. Safe to run twice at once (one netting and one payout per seller per day)."""
    from lapak.market.payments.services.payouts_disburse import payouts_disburse_due

    now = now or timezone.now()
    minimum = payout_minimum() if minimum is None else minimum
    day = timezone.localdate(now)
    payables = Account.objects.filter(kind=AccountKind.SELLER_PAYABLE.value)
    owners = set(payables.filter(balance__lte=-max(minimum, 1)).values_list("owner_ref", flat=True))
    owing = (Account.objects.filter(kind=AccountKind.SELLER_RECEIVABLE.value, balance__gt=0)
             .values_list("owner_ref", flat=True))
    owners |= set(payables.filter(balance__lt=0, owner_ref__in=owing).values_list("owner_ref", flat=True))
    counts = {"created": 0, "held": 0}
    for org in SellerOrganisation.objects.filter(public_id__in=list(owners)).order_by("pk"):
        payout = payout_create(organisation=org, batch_date=day, now=now, minimum=minimum)
        if payout is not None and payout.created_at == now:
            counts["held" if payout.status == PayoutStatus.HELD else "created"] += 1
    return {**counts, **payouts_disburse_due(now=now)}


