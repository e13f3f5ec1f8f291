"""Escrow release (ADR 0011): what each release moved, and the sellers' PPh 22 exemptions on record.

Imported by models.py, so the payments app owns these tables.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class ExemptionBasis(models.TextChoices):
    """Why a seller is not withheld from (ID-TAX-2, PMK 37/2025)."""

    STATEMENT = "statement", _("Individual merchant's statement (turnover up to Rp500 million a year)")
    CERTIFICATE = "certificate", _("Tax office exemption certificate (SKB)")


class SellerTaxStatus(models.Model):
    """A seller's PPh 22 standing (ID-TAX-2): an individual merchant with turnover ≤ Rp500 m a year who filed a
    statement (surat pernyataan; valid to the end of that tax year at most), or a holder of the tax office's
    exemption certificate (SKB; valid to the end date it names), is not withheld from between `valid_from` and
    `valid_until`. Kept in payments, not on the organisation, so the sellers app needs no migration; recorded by
    an operator (`seller_tax_status_record`, which checks the rules of each basis)."""

    organisation = models.OneToOneField("sellers.SellerOrganisation", on_delete=models.PROTECT,
                                        related_name="tax_status", verbose_name=_("seller"))
    pph22_exempt = models.BooleanField(_("exempt from PPh 22"), default=False)
    basis = models.CharField(_("basis of the exemption"), max_length=12, choices=ExemptionBasis.choices,
                             blank=True, default="")  # empty: not exempt, or recorded before the bases existed
    certificate_number = models.CharField(_("statement or certificate number"), max_length=100, blank=True,
                                          default="")
    document_date = models.DateField(_("statement or certificate date"), null=True, blank=True)
    declared_turnover = models.PositiveBigIntegerField(_("declared turnover for the year (Rp)"), null=True,
                                                       blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)  # required while exempt
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("seller tax status")
        verbose_name_plural = _("seller tax statuses")
        constraints = [
            # Every exemption ends: a statement with its tax year, a certificate on its own date.
            models.CheckConstraint(condition=Q(pph22_exempt=False) | Q(valid_until__isnull=False),
                                   name="payments_taxstatus_exempt_ends"),
            models.CheckConstraint(condition=Q(valid_from__isnull=True) | Q(valid_until__isnull=True)
                                   | Q(valid_from__lte=models.F("valid_until")),
                                   name="payments_taxstatus_period"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} exempt={self.pph22_exempt}"

    def exempt_on(self, day: date) -> bool:
        """Whether no PPh 22 is withheld on `day` (an escrow release's local date)."""
        if not self.pph22_exempt or self.valid_until is None:
            return False
        return (self.valid_from is None or self.valid_from <= day) and day <= self.valid_until


class EscrowRelease(models.Model):
    """One seller order's escrow moved to the seller, the platform, the tax office and creators, by one ledger
    entry (`entry_key`). At most one per seller order. `released` = the escrow balance taken; with
    `platform_voucher` (the platform paying its own voucher on the goods still sold) it makes
    `seller_net + commission + pph22 + creator` and `gross + shipping`; `gross` is the goods at the shop's
    price (the PPh 22 and commission base), `shipping` goes to the seller with the net."""

    public_id = PublicIdField(prefix="rel")
    seller_order = models.OneToOneField("orders.SellerOrder", on_delete=models.PROTECT,
                                        related_name="escrow_release", verbose_name=_("seller order"))
    seller = models.ForeignKey("sellers.SellerOrganisation", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("seller"))
    entry_key = models.CharField(_("ledger key"), max_length=100, unique=True)
    entry_public_id = models.CharField(_("ledger entry"), max_length=64)
    released = models.PositiveBigIntegerField(_("released from escrow (Rp)"))
    gross = models.PositiveBigIntegerField(_("goods (Rp)"))
    shipping = models.PositiveBigIntegerField(_("shipping (Rp)"))
    commission = models.PositiveBigIntegerField(_("commission (Rp)"))
    commission_bps = models.PositiveIntegerField(_("commission rate (basis points, weighted)"))
    pph22 = models.PositiveBigIntegerField(_("PPh 22 withheld (Rp)"))
    pph22_exempt = models.BooleanField(_("PPh 22 exemption on record"), default=False)
    creator = models.PositiveBigIntegerField(_("creator commission (Rp)"), default=0)
    creators = models.JSONField(_("creator commission by creator"), default=dict, blank=True)
    seller_net = models.PositiveBigIntegerField(_("to the seller (Rp)"))
    platform_voucher = models.PositiveBigIntegerField(_("platform voucher paid by Lapak (Rp)"), default=0)
    released_at = models.DateTimeField(_("released at"), default=timezone.now, db_index=True)  # oversight

    class Meta:
        verbose_name = _("escrow release")
        verbose_name_plural = _("escrow releases")
        ordering = ["-released_at", "-pk"]
        indexes = [models.Index(fields=["seller", "-released_at"], name="payments_release_seller")]
        constraints = [
            models.CheckConstraint(
                condition=Q(released=models.F("seller_net") + models.F("commission") + models.F("pph22")
                            + models.F("creator") - models.F("platform_voucher")),
                name="payments_release_sums_v2"),
            models.CheckConstraint(condition=Q(released=models.F("gross") + models.F("shipping")
                                               - models.F("platform_voucher")),
                                   name="payments_release_parts_v2"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.released}"
