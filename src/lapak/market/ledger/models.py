"""Accounts, journal entries and their postings: the double-entry ledger (ADR 0009).

Entries and postings are append-only: the ORM refuses to save a changed row or delete one, and on PostgreSQL
triggers refuse UPDATE and DELETE as well (SQLite: UPDATE). The only writer is `services.ledger_post`.

`Account.balance` is the snapshot: the account's net debit (sum of its postings' amounts), kept exact by
updating it in the same transaction as the postings, under the account's row lock. Each posting also records
`balance_after`, the account's net debit just after it, so statements need no running sums.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField
from lapak.market.ledger.kinds import AccountKind


class AppendOnlyError(RuntimeError):
    """Code tried to change or delete a journal entry or a posting."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be deleted")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows cannot be changed once written")
        kwargs["force_insert"] = True  # an instance carrying an existing pk must not overwrite that row
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted")


class Account(models.Model):
    """One account per (kind, owner_ref); made by `ledger_account`, never deleted once it has postings."""

    public_id = PublicIdField(prefix="lac")
    kind = models.CharField(_("kind"), max_length=32, choices=[(k.value, k.value) for k in AccountKind])
    owner_ref = models.CharField(_("owner"), max_length=64, blank=True, default="",
                                 help_text=_("The public id of the seller, creator or order the account is for."))
    currency = models.CharField(_("currency"), max_length=3, default="IDR")
    balance = models.BigIntegerField(_("net debit balance"), default=0)
    posting_count = models.BigIntegerField(_("postings"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        constraints = [
            models.UniqueConstraint(fields=["kind", "owner_ref"], name="ledger_account_kind_owner_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.owner_ref}" if self.owner_ref else self.kind

    @property
    def account_kind(self) -> AccountKind:
        return AccountKind(self.kind)


class JournalEntry(AppendOnlyModel):
    """One balanced money movement, caused by one business event and written once per idempotency key."""

    public_id = PublicIdField(prefix="jrn")
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    cause_type = models.CharField(_("cause type"), max_length=50)
    cause_id = models.CharField(_("cause id"), max_length=64)
    memo = models.CharField(_("memo"), max_length=255, blank=True, default="")
    currency = models.CharField(_("currency"), max_length=3, default="IDR")
    # sha256 of the cause and the postings as asked for: a repeated key is compared by this.
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    # One reversal per entry at most, enforced by the unique index of the one-to-one field.
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="reversed_by", verbose_name=_("reverses"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        indexes = [models.Index(fields=["cause_type", "cause_id"], name="ledger_entry_cause")]

    def __str__(self) -> str:
        return f"{self.public_id} {self.cause_type}:{self.cause_id}"


class Posting(AppendOnlyModel):
    """One leg of an entry: a debit (amount > 0) or a credit (amount < 0) of whole rupiah on one account."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    # The (account, id) index below serves the account look-ups, so the foreign key needs none of its own.
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings", db_index=False)
    amount = models.BigIntegerField(_("amount"))
    balance_after = models.BigIntegerField(_("account net debit after this posting"))

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        constraints = [models.CheckConstraint(condition=~Q(amount=0), name="ledger_posting_amount_not_zero")]
        indexes = [models.Index(fields=["account", "id"], name="ledger_posting_account")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.amount:+d}"
