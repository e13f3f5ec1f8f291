"""Payouts (issue 6 part 6): what a daily batch decided for each seller — paid out, or held and why.

Imported by models.py, so the payments app owns the table. One row per seller per batch day (a unique
constraint: two batch runs at once cannot pay a seller twice).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class PayoutStatus(models.TextChoices):
    HELD = "held", _("Held")
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent to your bank")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed, will be retried")
    RETURNED = "returned", _("Refused by the bank, returned to your balance")


class HoldReason(models.TextChoices):
    SELLER_NOT_VERIFIED = "seller_not_verified", _("Your shop is not verified.")
    NO_BANK_ACCOUNT = "no_bank_account", _("You have no payout bank account.")
    BANK_ACCOUNT_UNVERIFIED = "bank_account_unverified", _("Your payout bank account is not verified yet.")
    BANK_ACCOUNT_CHANGED = "bank_account_changed", _("Your payout bank account changed in the last 24 hours.")
    NO_CONSENT = "no_consent", _("The owner has not agreed to payout processing.")
    RETURN_OPEN = "return_open", _("A return or dispute on one of your orders is open.")
    COMPLIANCE = "compliance", _("The marketplace's rules hold this payout for review.")


class PayoutLifecycle(models.Model):
    """What every payout carries through its life, whoever is paid (a seller here, a creator in
    affiliates.CreatorPayout): the batch, the amount, the status and holds, the ledger entry, the gateway's
    reference and the attempts. `payouts_disburse` works on either."""

    batch_date = models.DateField(_("batch day"))
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    status = models.CharField(_("status"), max_length=10, choices=PayoutStatus.choices)
    hold_reasons = models.JSONField(_("why it is held"), default=list, blank=True)
    provider = models.CharField(_("gateway"), max_length=20, blank=True, default="")
    entry_key = models.CharField(_("ledger key"), max_length=100, blank=True, default="")
    gateway_ref = models.CharField(_("gateway reference"), max_length=100, blank=True, default="")
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.CharField(_("last error"), max_length=300, blank=True, default="")
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True, db_index=True)  # oversight rollups

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.public_id} {self.amount} {self.status}"


class Payout(PayoutLifecycle):
    """One seller's payout of one batch. `amount` is the seller payable at batch time. A held payout moved no
    money; any other moved `amount` from seller payable to payouts in transit (entry `entry_key`), and the
    gateway is asked to pay it under `public_id` (its idempotency key there)."""

    public_id = PublicIdField(prefix="pyo")
    seller = models.ForeignKey("sellers.SellerOrganisation", on_delete=models.PROTECT, related_name="payouts",
                               verbose_name=_("seller"))
    bank_account = models.ForeignKey("sellers.BankAccount", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("bank account"))

    class Meta:
        verbose_name = _("payout")
        verbose_name_plural = _("payouts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="payments_payout_status")]
        constraints = [
            models.UniqueConstraint(fields=["seller", "batch_date"], name="payments_payout_one_per_batch"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_payout_amount"),
        ]

    # What payouts_disburse needs of a payout row (a creator's payout, affiliates.CreatorPayout, has the same).
    DISBURSE_RELATED = ("seller", "bank_account__organisation")

    @property
    def ledger_owner(self) -> str:
        """The owner_ref of the payout's payable and in-transit ledger accounts."""
        return self.seller.public_id

    def audit_subject(self) -> tuple[str, str, str]:
        """(subject type, subject id, jurisdiction) of the payout's audit events."""
        return "seller_organisation", self.seller.public_id, self.seller.jurisdiction

    def destination(self, *, actor: str, purpose: str) -> tuple[str, str, str]:
        """(bank code, account number in clear, holder name) to pay; the vault logs the reading."""
        from lapak.market.sellers.identity import bank_number_read  # the vault is read only when paying

        account = self.bank_account
        return (account.bank_code, bank_number_read(account, actor=actor, purpose=purpose) or "",
                account.holder_name)

    def hold_messages(self) -> list[str]:
        labels = dict(HoldReason.choices)
        return [str(labels.get(code, code)) for code in self.hold_reasons]
