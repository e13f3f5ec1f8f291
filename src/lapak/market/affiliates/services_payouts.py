"""Creator payouts: the creator's payout bank account, and the daily batch that pays each creator's commission.

Ledger: escrow release credits a creator's commission to creator_payable (owner: the creator's account public
id). A batch payout takes the whole payable into payouts in transit (creator_payable → payouts_in_transit, key
"creator_payout:<payout>"), so a refund's clawback no longer counts on it; the disbursement — the sellers' own
code in payments.services.payouts_disburse, claimed once, retried with back-off, confirmed by the gateway's answer
or callback — moves it on to gateway clearing, or back to the payable when the bank refuses it.

The compliance engine has no creator-payout event yet (its `payout.release` is about verified shops and would
hold every creator), so the batch asks none; a held payout records why, as sellers' do.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import Role, RoleGrant, User
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, PermissionDenied
from lapak.core.outbox.services import outbox_emit
from lapak.market.affiliates.models_payouts import (
    CreatorHoldReason,
    CreatorPayout,
    CreatorPayoutAccount,
    creator_account_context,
)
from lapak.market.affiliates.services_payouts_netting import creator_receivable_net
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import Account
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.payments.gateways.registry import payout_provider
from lapak.market.payments.models_payouts import PayoutStatus
from lapak.market.payments.services.payouts import payout_minimum
from lapak.market.payments.services.payouts_disburse import payouts_disburse_due
from lapak.market.sellers.services.bank_accounts import bank_account_fields_checked
from lapak.market.sellers.vault import encrypt_text, lookup_hash, mask

HOLD_AFTER_CHANGE = timedelta(hours=24)
ACCOUNT_CHANGED_TOPIC = "affiliates.payout_account.changed"


def _require_creator(actor: object) -> str:
    if not getattr(actor, "is_authenticated", False) or not RoleGrant.objects.filter(
            user=actor, role=Role.CREATOR).exists():
        raise PermissionDenied(_("Only creators have a payout account here."), code="creator_required")
    return actor.public_id


def creator_payout_account_set(*, actor: object, bank_code: str, account_number: str,
                               holder_name: str) -> CreatorPayoutAccount:
    """Make this the signed-in creator's payout account. Guarantees: creators only (PermissionDenied); the
    fields checked as sellers' and buyers' bank accounts are (ValidationFailed per field); the number stored
    only sealed by the vault, masked and as a keyed hash; the previous account kept but no longer current (one
    current account per creator, also when two requests race: the unique constraint decides and the loser
    gets a Conflict); the creator's payouts held for 24 hours from now; audited without the number in clear;
    the creator e-mailed after commit (it may not have been them)."""
    creator = _require_creator(actor)
    bank_code, number, holder_name = bank_account_fields_checked(bank_code, account_number, holder_name)
    now = timezone.now()
    try:
        return _account_replace(creator, bank_code=bank_code, number=number, holder_name=holder_name, now=now)
    except IntegrityError as exc:  # another change inserted its current account between our lock and insert
        raise Conflict(_("Your payout account was changed at the same moment. Check it and try again."),
                       code="payout_account_conflict") from exc


def _account_replace(creator: str, *, bank_code: str, number: str, holder_name: str,
                     now: datetime) -> CreatorPayoutAccount:
    with transaction.atomic():
        previous = list(CreatorPayoutAccount.objects.select_for_update().filter(creator=creator, is_current=True)
                        .order_by("pk"))
        CreatorPayoutAccount.objects.filter(pk__in=[a.pk for a in previous]).update(is_current=False,
                                                                                    replaced_at=now)
        account = CreatorPayoutAccount(creator=creator, bank_code=bank_code, holder_name=holder_name, created_at=now)
        account.number_encrypted = encrypt_text(number, context=creator_account_context(account))
        account.number_masked, account.number_hash = mask("bank_account", number), lookup_hash("bank_account", number)
        account.save()
        audit_append(actor=creator, action="affiliates.payout_account.set", subject_type="creator",
                     subject_id=creator, jurisdiction="ID",
                     before={"account": previous[0].public_id, "number": previous[0].number_masked}
                     if previous else None,
                     after={"account": account.public_id, "bank_code": bank_code, "number": account.number_masked})
        outbox_emit(topic=ACCOUNT_CHANGED_TOPIC, payload={"account": account.public_id},
                    dedupe_key=f"affiliates.payout_account:{account.public_id}")
    return account


def creator_payout_hold_reasons(creator: str, *, now: datetime) -> list[str]:
    """Why no money may be paid out to `creator` at `now` (empty: it may), as CreatorHoldReason codes: no current
    payout account, or one set in the last 24 hours; the account deactivated (or gone); the creator role no
    longer held (commission earned stays in the payable, paid once the hold ends)."""
    reasons = []
    account = CreatorPayoutAccount.objects.filter(creator=creator, is_current=True).first()
    if account is None:
        reasons.append(str(CreatorHoldReason.NO_ACCOUNT))
    elif account.created_at > now - HOLD_AFTER_CHANGE:
        reasons.append(str(CreatorHoldReason.ACCOUNT_CHANGED))
    user = User.objects.filter(public_id=creator).only("pk", "is_active").first()
    if user is None or not user.is_active:
        reasons.append(str(CreatorHoldReason.INACTIVE))
    elif not RoleGrant.objects.filter(user=user, role=Role.CREATOR).exists():
        reasons.append(str(CreatorHoldReason.NOT_CREATOR))
    return reasons


def creator_payout_key(payout: CreatorPayout) -> str:
    return f"creator_payout:{payout.public_id}"


def creator_payout_create(*, creator: str, batch_date: date, now: datetime | None = None,
                          minimum: int | None = None) -> CreatorPayout | None:
    """The creator's payout of the batch `batch_date`, made once. Guarantees: at most one per creator per batch
    day (a unique constraint: a concurrent or repeated call returns the existing one and moves no money); what
    the creator owes back (a clawback after an earlier payout) is first set off against the payable; None
    when the creator payable is below the minimum (settings.PAYOUT_MINIMUM, as for sellers); a held payout
    records its reasons and moves nothing; otherwise the whole payable read now moves to payouts in transit in
    the same transaction as the row (never more than it holds: ledger_post refuses and nothing is kept)."""
    now = now or timezone.now()
    minimum = payout_minimum() if minimum is None else minimum
    if (done := CreatorPayout.objects.filter(creator=creator, batch_date=batch_date).first()) is not None:
        return done
    creator_receivable_net(creator=creator, batch_date=batch_date)  # what they owe back first
    amount = ledger_balance(kind=AccountKind.CREATOR_PAYABLE, owner_ref=creator)
    if amount < max(minimum, 1):
        return None
    reasons = creator_payout_hold_reasons(creator, now=now)
    account = None if reasons else CreatorPayoutAccount.objects.get(creator=creator, is_current=True)
    with transaction.atomic():
        try:
            with transaction.atomic():
                payout = CreatorPayout.objects.create(
                    creator=creator, batch_date=batch_date, amount=amount, hold_reasons=reasons, account=account,
                    status=PayoutStatus.HELD if reasons else PayoutStatus.QUEUED,
                    provider="" if reasons else payout_provider(), created_at=now)
        except IntegrityError:  # another batch run made it first
            return CreatorPayout.objects.get(creator=creator, batch_date=batch_date)
        if not reasons:
            payable = ledger_account(kind=AccountKind.CREATOR_PAYABLE, owner_ref=creator)
            transit = ledger_account(kind=AccountKind.PAYOUTS_IN_TRANSIT, owner_ref=creator)
            ledger_post(key=creator_payout_key(payout), cause_type="creator_payout", cause_id=payout.public_id,
                        memo=f"creator payout {payout.public_id} of {creator}",
                        postings=[debit(payable, amount), credit(transit, amount)])
            payout.entry_key = creator_payout_key(payout)
            CreatorPayout.objects.filter(pk=payout.pk).update(entry_key=payout.entry_key)
        audit_append(actor="system", action="creator_payout.held" if reasons else "creator_payout.created",
                     subject_type="creator", subject_id=creator, jurisdiction="ID",
                     after={"payout": payout.public_id, "amount": amount, "hold_reasons": reasons})
    return payout


def creator_payout_batch_run(*, now: datetime | None = None, minimum: int | None = None) -> dict[str, int]:
    """The daily creator batch: a payout (or a held one) for every creator whose payable reaches the minimum,
    then the disbursement of every creator payout due. Safe to run twice at once (one payout per creator per
    day; one gateway call per claim)."""
    now = now or timezone.now()
    minimum = payout_minimum() if minimum is None else minimum
    day = timezone.localdate(now)
    owners = (Account.objects.filter(kind=AccountKind.CREATOR_PAYABLE.value, balance__lte=-max(minimum, 1))
              .order_by("owner_ref").values_list("owner_ref", flat=True))
    counts = {"created": 0, "held": 0}
    for creator in list(owners):
        payout = creator_payout_create(creator=creator, batch_date=day, now=now, minimum=minimum)
        if payout is not None and payout.created_at == now:
            counts["held" if payout.status == PayoutStatus.HELD else "created"] += 1
    return {**counts, **payouts_disburse_due(now=now, model=CreatorPayout)}
