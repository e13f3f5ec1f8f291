"""Cash on delivery (ADR 0010): what each parcel of an order paid on delivery collects, and the couriers'
remittances of that cash, line by line.

A `CodParcel` is written per seller order when the buyer chooses cash on delivery; it is collected (ledger: COD
receivable → escrow) when its seller order is delivered, and remitted (ledger: clearing → COD receivable) when
the courier's remittance names its airway bill with the same amount. A parcel never delivered (cancelled,
refused at the door, returned to the shop) collected nothing and is void.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class CodStatus(models.TextChoices):
    AWAITING = "awaiting", _("To be collected on delivery")
    COLLECTED = "collected", _("Collected by the courier")
    REMITTED = "remitted", _("Remitted to Lapak")
    VOID = "void", _("Nothing collected")


class CodParcel(models.Model):
    public_id = PublicIdField(prefix="cod")
    intent = models.ForeignKey("payments.PaymentIntent", on_delete=models.PROTECT, related_name="cod_parcels")
    seller_order = models.OneToOneField("orders.SellerOrder", on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("seller order"))
    # What the courier collects at the door. The escrow share may be a few rupiah more (the platform voucher is
    # rounded down per shop, ADR 0010); the platform bears the difference when the parcel is collected.
    amount = models.PositiveBigIntegerField(_("cash to collect (Rp)"))
    escrow_amount = models.PositiveBigIntegerField(_("escrow share (Rp)"))
    status = models.CharField(_("status"), max_length=12, choices=CodStatus.choices, default=CodStatus.AWAITING)
    provider = models.CharField(_("courier or aggregator"), max_length=20, blank=True, default="")
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    remitted_at = models.DateTimeField(_("remitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cash-on-delivery parcel")
        verbose_name_plural = _("cash-on-delivery parcels")
        ordering = ["pk"]
        indexes = [models.Index(fields=["provider", "tracking_number"], name="payments_cod_awb")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__lte=models.F("escrow_amount")), name="payments_cod_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.amount} {self.status}"


class RemittanceOutcome(models.TextChoices):
    MATCHED = "matched", _("Matched a collected parcel")
    UNKNOWN = "unknown_parcel", _("No delivered cash-on-delivery parcel has this tracking number")
    AMOUNT = "amount_mismatch", _("The amount differs from the cash the parcel collected")
    ALREADY = "already_remitted", _("This parcel was remitted in another remittance")


class CodRemittanceLine(models.Model):
    """One line of a courier's COD remittance, as the courier sent it. Unique per (courier, remittance
    reference, airway bill): importing a remittance again changes nothing. Only a matched line posts to the
    ledger; every other line is kept, with why, for an operator."""

    provider = models.CharField(_("courier or aggregator"), max_length=20)
    reference = models.CharField(_("remittance reference"), max_length=100)
    remitted_on = models.DateField(_("remitted on"))
    tracking_number = models.CharField(_("tracking number"), max_length=64)
    amount = models.BigIntegerField(_("amount (Rp)"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=RemittanceOutcome.choices)
    parcel = models.ForeignKey(CodParcel, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="remittance_lines")
    expected_amount = models.BigIntegerField(_("expected amount (Rp)"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("COD remittance line")
        verbose_name_plural = _("COD remittance lines")
        ordering = ["-recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "reference", "tracking_number"],
                                    name="payments_cod_remittance_once"),
            # One matched line per parcel: a second remittance of the same parcel can never post twice.
            models.UniqueConstraint(fields=["parcel"], condition=Q(outcome="matched"),
                                    name="payments_cod_remitted_once"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.reference} {self.tracking_number} {self.outcome}"
