"""Creator payouts: where a creator's commission is paid (a bank account, its number sealed by the identity vault)
and what each daily batch paid them.

CreatorPayout has the seller Payout's life cycle (payments.models_payouts: held, queued, sending, paid, failed,
returned) and the members payments.services.payouts_disburse needs, so the same disbursement code pays both.
To be imported by affiliates/models.py, so the affiliates app owns the tables.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField
from lapak.market.payments.models_payouts import PayoutLifecycle
from lapak.market.sellers.models.fields import identity_columns


def creator_account_context(account: CreatorPayoutAccount) -> str:
    """The vault context a creator's account number is sealed to (its row and field)."""
    return f"affiliates.creator_payout_account.number:{account.public_id}"


class CreatorPayoutAccount(models.Model):
    """A creator's payout bank account. At most one current per creator; replaced ones are kept (financial
    records, ID-REC-1). Payouts wait 24 hours after an account is set (someone who took over the login cannot
    redirect the money at once)."""

    public_id = PublicIdField(prefix="cpa")
    creator = models.CharField(_("creator"), max_length=40, db_index=True,
                               help_text=_("The creator's account public id (usr_…)."))
    bank_code = models.CharField(_("bank"), max_length=20)
    number_encrypted, number_masked, number_hash = identity_columns(_("account number"))
    holder_name = models.CharField(_("account holder"), max_length=150)
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("set at"), default=timezone.now)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    change_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("creator payout account")
        verbose_name_plural = _("creator payout accounts")
        constraints = [models.UniqueConstraint(fields=["creator"], condition=Q(is_current=True),
                                               name="affiliates_payout_account_one_current")]

    def __str__(self) -> str:
        return f"{self.bank_code} {self.number_masked}"


class CreatorHoldReason(models.TextChoices):
    NO_ACCOUNT = "no_account", _("You have no payout bank account.")
    ACCOUNT_CHANGED = "account_changed", _("Your payout bank account was set in the last 24 hours.")
    COMPLIANCE = "compliance", _("The marketplace's rules hold this payout for review.")
    INACTIVE = "inactive", _("Your account is deactivated.")
    NOT_CREATOR = "not_creator", _("Your account no longer has the creator role.")


class CreatorPayout(PayoutLifecycle):
    """One creator's payout of one batch: `amount` is the creator payable at batch time. A held payout moved no
    money; any other moved `amount` from creator payable to payouts in transit (entry `entry_key`) and is paid
    through the gateway under `public_id` (its idempotency key there)."""

    public_id = PublicIdField(prefix="cpo")
    creator = models.CharField(_("creator"), max_length=40)
    account = models.ForeignKey(CreatorPayoutAccount, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("bank account"))

    class Meta:
        verbose_name = _("creator payout")
        verbose_name_plural = _("creator payouts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="affiliates_cpayout_status")]
        constraints = [
            models.UniqueConstraint(fields=["creator", "batch_date"], name="affiliates_cpayout_one_per_batch"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="affiliates_cpayout_amount"),
        ]

    # What payments.services.payouts_disburse needs of a payout row (see payments.models_payouts.Payout).
    DISBURSE_RELATED = ("account",)

    @property
    def ledger_owner(self) -> str:
        return self.creator

    def audit_subject(self) -> tuple[str, str, str]:
        return "creator", self.creator, "ID"

    def destination(self, *, actor: str, purpose: str) -> tuple[str, str, str]:
        """(bank code, account number in clear, holder name); the vault logs the reading."""
        from lapak.market.sellers.vault import VaultAccess, decrypt_text  # read only when paying

        account = self.account
        access = VaultAccess(actor=actor, purpose=purpose, subject_type="creator_payout_account",
                             subject_id=account.public_id, jurisdiction="ID")
        number = decrypt_text(account.number_encrypted, context=creator_account_context(account), access=access)
        return account.bank_code, number, account.holder_name

    def hold_messages(self) -> list[str]:
        labels = dict(CreatorHoldReason.choices)
        return [str(labels.get(code, code)) for code in self.hold_reasons]
