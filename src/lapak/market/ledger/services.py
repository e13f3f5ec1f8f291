"""The ledger's writers: accounts, balanced entries, reversals. Nothing else writes ledger rows.

A caller describes money movements as posting lines (`debit(account, n)`, `credit(account, n)`) and
`ledger_post` turns them into one immutable journal entry. Amounts are whole rupiah (IDR); a posting's
amount is positive for a debit and negative for a credit (one signed column, ADR 0009).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.ledger.errors import InsufficientBalance
from lapak.market.ledger.kinds import AccountKind, Owner
from lapak.market.ledger.lock_objects import accounts_lock
from lapak.market.ledger.models import Account, JournalEntry, Posting
from lapak.market.ledger.validation import validate_entry

MAX_OWNER_REF = 64


@dataclass(frozen=True, slots=True)
class PostingLine:
    """One leg of an entry as asked for: amount > 0 debits the account, amount < 0 credits it."""

    account: Account
    amount: int


def debit(account: Account, amount: int) -> PostingLine:
    """A debit of `amount` (> 0) rupiah: raises an asset, lowers a liability or revenue."""
    return PostingLine(account, _positive(amount))


def credit(account: Account, amount: int) -> PostingLine:
    """A credit of `amount` (> 0) rupiah: lowers an asset, raises a liability or revenue."""
    return PostingLine(account, -_positive(amount))


def _positive(amount: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationFailed(fields={"postings": [_("Debits and credits are positive whole rupiah.")]})
    return amount


def ledger_account(*, kind: AccountKind | str, owner_ref: str = "") -> Account:
    """The account for (kind, owner_ref), created on first use.

    Guarantees: at most one account per (kind, owner_ref), also when several transactions ask at once (a
    unique constraint; the loser of the insert race reads the winner's row); the owner rule of the kind is
    respected (platform accounts have no owner, per-seller/creator/order accounts must name one). IDR only.
    """
    try:
        kind = AccountKind(kind)
    except ValueError as exc:
        raise ValidationFailed(fields={"kind": [_("Unknown ledger account kind.")]}) from exc
    rule = kind.rule
    if rule.owner is Owner.NONE and owner_ref:
        raise ValidationFailed(fields={"owner_ref": [_("This kind of account has no owner.")]})
    if rule.owner is Owner.REQUIRED and not owner_ref:
        raise ValidationFailed(fields={"owner_ref": [_("This kind of account needs an owner.")]})
    if len(owner_ref) > MAX_OWNER_REF:
        raise ValidationFailed(fields={"owner_ref": [_("The owner reference is too long.")]})
    account, _created = Account.objects.get_or_create(kind=kind.value, owner_ref=owner_ref)
    return account


def ledger_post(*, key: str, cause_type: str, cause_id: str, memo: str = "",
                postings: Sequence[PostingLine]) -> JournalEntry:
    """Writes one journal entry with its postings, or returns the entry already written under `key`.

    Guarantees:
    - the postings sum to zero, are whole non-zero rupiah on at least two legs in one currency; otherwise
      `ValidationFailed` and nothing is written;
    - idempotent per key: the same key with the same cause and postings returns the first entry and writes
      nothing; the same key with a different cause or different postings raises `Conflict` (also when both
      calls race: the key is unique in the database);
    - the entry, its postings and every touched account's balance snapshot are written in one transaction,
      under the accounts' row locks taken in primary-key order, so concurrent entries on one account leave
      exactly the sum of their postings and never deadlock each other;
    - an account that may not go negative (escrow, payables) is never taken below zero:
      `InsufficientBalance`, nothing written;
    - nothing ever updates or deletes the entry afterwards; undo with `ledger_entry_reverse`.
    """
    return _post(key=key, cause_type=cause_type, cause_id=cause_id, memo=memo, postings=postings, reverses=None)


def ledger_entry_reverse(*, entry: JournalEntry, cause_type: str, cause_id: str, key: str = "",
                         memo: str = "") -> JournalEntry:
    """Writes the mirror image of `entry` (every posting with the opposite sign) as a new entry linked to it.

    Guarantees: the original is untouched; an entry is reversed at most once (a second reversal under another
    key is a `Conflict`; under the same key it returns the first); a reversal itself cannot be reversed (post
    a new entry instead); the reversal obeys every rule of `ledger_post`, including that it may not take a
    payable below zero (money already paid out cannot be taken back by a reversal). The key defaults to
    "<original key>:reversal".
    """
    if entry.reverses_id is not None:
        raise ValidationFailed(_("A reversal cannot itself be reversed; post a new entry instead."))
    lines = [PostingLine(posting.account, -posting.amount)
             for posting in entry.postings.select_related("account").order_by("pk")]
    return _post(key=key or f"{entry.key}:reversal", cause_type=cause_type, cause_id=cause_id,
                 memo=memo or f"reversal of {entry.public_id}", postings=lines, reverses=entry)


def _fingerprint(cause_type: str, cause_id: str, currency: str, reverses: JournalEntry | None,
                 postings: Sequence[PostingLine]) -> str:
    legs = sorted((line.account.pk, line.amount) for line in postings)
    body = [cause_type, cause_id, currency, reverses.pk if reverses else None, legs]
    return hashlib.sha256(json.dumps(body, separators=(",", ":")).encode()).hexdigest()


def _replay(key: str, fingerprint: str) -> JournalEntry | None:
    """The entry already written under `key`, if its request matches; `Conflict` if it does not."""
    existing = JournalEntry.objects.filter(key=key).first()
    if existing is not None and existing.fingerprint != fingerprint:
        raise Conflict(_("This idempotency key was already used for a different ledger entry."),
                       code="ledger_key_reused")
    return existing


def _post(*, key: str, cause_type: str, cause_id: str, memo: str, postings: Sequence[PostingLine],
          reverses: JournalEntry | None) -> JournalEntry:
    currency = validate_entry(key=key, cause_type=cause_type, cause_id=cause_id, memo=memo, postings=postings)
    fingerprint = _fingerprint(cause_type, cause_id, currency, reverses, postings)
    # A replay needs no lock: entries never change once written.
    if (existing := _replay(key, fingerprint)) is not None:
        return existing
    with transaction.atomic():
        accounts = accounts_lock(line.account.pk for line in postings)
        if len(accounts) != len({line.account.pk for line in postings}):
            raise ValidationFailed(fields={"postings": [_("Postings go to existing ledger accounts.")]})
        # Under the locks: a racing call with the same key and the same accounts has committed by now.
        if (existing := _replay(key, fingerprint)) is not None:
            return existing
        if reverses is not None and JournalEntry.objects.filter(reverses=reverses).exists():
            raise Conflict(_("This ledger entry has already been reversed."), code="ledger_already_reversed")
        balances = _new_balances(accounts, postings)
        try:
            with transaction.atomic():
                entry = JournalEntry.objects.create(key=key, cause_type=cause_type, cause_id=cause_id, memo=memo,
                                                    currency=currency, fingerprint=fingerprint, reverses=reverses)
        except IntegrityError:
            # Same key (or a second reversal) committed by a call that locked other accounts than ours.
            if (existing := _replay(key, fingerprint)) is not None:
                return existing
            if reverses is None:
                raise
            raise Conflict(_("This ledger entry has already been reversed."),
                           code="ledger_already_reversed") from None
        running = {pk: account.balance for pk, account in accounts.items()}
        rows = []
        for line in postings:
            running[line.account.pk] += line.amount
            rows.append(Posting(entry=entry, account_id=line.account.pk, amount=line.amount,
                                balance_after=running[line.account.pk]))
        Posting.objects.bulk_create(rows)
        now = timezone.now()
        for pk, balance in balances.items():
            legs = sum(1 for line in postings if line.account.pk == pk)
            Account.objects.filter(pk=pk).update(balance=balance, posting_count=F("posting_count") + legs,
                                                 updated_at=now)
    return entry


def _new_balances(accounts: dict[int, Account], postings: Sequence[PostingLine]) -> dict[int, int]:
    """Each locked account's net debit after the entry; refuses to take a non-negative account below zero."""
    balances = {pk: account.balance for pk, account in accounts.items()}
    for line in postings:
        balances[line.account.pk] += line.amount
    for pk, balance in balances.items():
        account = accounts[pk]
        rule = account.account_kind.rule
        before = rule.side.sign * account.balance
        after = rule.side.sign * balance
        if not rule.may_go_negative and after < 0 and after < before:
            raise InsufficientBalance(
                _("%(account)s holds %(before)d rupiah; this entry needs %(needed)d.")
                % {"account": str(account), "before": before, "needed": before - after})
    return balances
