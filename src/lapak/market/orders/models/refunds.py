"""Where a refund goes when the original payment method cannot take money back (a virtual account, cash on
delivery): the buyer's bank account, given by the buyer, paid by an operator or the payout batch.

The account number is personal data (COMPLIANCE ID-PDP-1): stored only encrypted with the identity vault
(lapak.market.sellers.vault, context `orders.bank_refund.number:<refund public id>`) and masked for display;
every decryption is audited (ID-PDP-4).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField
from lapak.market.orders.models.returns import RefundRequest


def bank_refund_context(row: BankRefund) -> str:
    return f"orders.bank_refund.number:{row.refund.public_id}"


class BankRefund(models.Model):
    """The instruction to pay one refund by bank transfer. One per refund; the buyer may correct it until it
    is paid (the row is updated, the old number is not kept)."""

    public_id = PublicIdField(prefix="bkr")
    refund = models.OneToOneField(RefundRequest, on_delete=models.PROTECT, related_name="bank_refund")
    bank_code = models.CharField(_("bank"), max_length=20)
    holder_name = models.CharField(_("account holder"), max_length=150)
    number_encrypted = models.BinaryField(_("account number (encrypted)"))
    number_masked = models.CharField(_("account number"), max_length=40)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.CharField(_("paid by"), max_length=80, blank=True, default="")
    transfer_ref = models.CharField(_("transfer reference"), max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("bank refund")
        verbose_name_plural = _("bank refunds")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.public_id} {self.bank_code} {self.number_masked}"
