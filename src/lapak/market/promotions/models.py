"""Vouchers (platform or seller discount codes) and their redemptions.

A redemption is held when an order is placed with the voucher, confirmed when the order is paid, and released
when it is not (which gives the budget and the buyer's use back). What a voucher has given away is the sum of
its held and confirmed redemptions; that sum is recounted under the voucher's row lock at every redemption,
so it never passes the budget (services.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField

BASIS_POINTS = 10_000  # 100 %
MAX_AMOUNT = 1_000_000_000_000  # Rp1 trillion: above any real order, below any integer overflow


class VoucherKind(models.TextChoices):
    FIXED = "fixed", _("Fixed amount")
    PERCENTAGE = "percentage", _("Percentage")


class Voucher(models.Model):
    """A discount code. Issued by the platform (`seller` empty) or by one seller organisation, whose vouchers
    apply to that seller's part of an order only."""

    public_id = PublicIdField(prefix="vch")
    code = models.CharField(_("code"), max_length=32, unique=True, help_text=_("Upper-case letters, digits, dashes."))
    seller = models.ForeignKey("sellers.SellerOrganisation", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="vouchers", verbose_name=_("issuing seller"))
    kind = models.CharField(_("kind"), max_length=12, choices=VoucherKind.choices)
    amount = models.PositiveBigIntegerField(_("amount off (Rp)"), default=0, help_text=_("Fixed vouchers."))
    percent_bp = models.PositiveIntegerField(_("percentage off (basis points)"), default=0,
                                             help_text=_("Percentage vouchers: 1,000 basis points are 10 %."))
    max_discount = models.PositiveBigIntegerField(_("cap (Rp)"), null=True, blank=True,
                                                  help_text=_("The most a percentage voucher takes off."))
    min_spend = models.PositiveBigIntegerField(_("minimum spend (Rp)"), default=0)
    per_buyer_limit = models.PositiveIntegerField(_("uses per buyer"), default=1)
    budget = models.PositiveBigIntegerField(_("total budget (Rp)"), null=True, blank=True)
    max_redemptions = models.PositiveIntegerField(_("most uses in all"), null=True, blank=True)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        indexes = [models.Index(fields=["seller", "-created_at"], name="promotions_voucher_seller")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="fixed", amount__gte=1, amount__lte=MAX_AMOUNT, percent_bp=0,
                             max_discount__isnull=True)
                           | Q(kind="percentage", amount=0, percent_bp__gte=1, percent_bp__lte=BASIS_POINTS)),
                name="promotions_voucher_value",
            ),
            models.CheckConstraint(condition=Q(valid_until__gt=F("valid_from")), name="promotions_voucher_window"),
            models.CheckConstraint(condition=Q(per_buyer_limit__gte=1), name="promotions_voucher_per_buyer"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=1),
                                   name="promotions_voucher_budget"),
            models.CheckConstraint(condition=Q(max_redemptions__isnull=True) | Q(max_redemptions__gte=1),
                                   name="promotions_voucher_max_redemptions"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def issuer(self) -> str:
        return "platform" if self.seller_id is None else "seller"

    @property
    def percent_label(self) -> str:
        """The percentage as people write it: 1,250 basis points are "12.5 %"."""
        whole, part = divmod(self.percent_bp, 100)
        return f"{whole}.{part:02d}".rstrip("0").rstrip(".") + " %"


class RedemptionStatus(models.TextChoices):
    HELD = "held", _("Held")
    CONFIRMED = "confirmed", _("Confirmed")
    RELEASED = "released", _("Released")


# The redemptions that count against the budget, the redemption count and the buyer's limit.
COUNTING = (RedemptionStatus.HELD, RedemptionStatus.CONFIRMED)


class VoucherRedemption(models.Model):
    """One use of a voucher on one order (`order_ref`, opaque to this app) by one buyer."""

    public_id = PublicIdField(prefix="vrd")
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    order_ref = models.CharField(_("order reference"), max_length=64)
    amount = models.PositiveBigIntegerField(_("discount (Rp)"))
    status = models.CharField(_("status"), max_length=10, choices=RedemptionStatus.choices,
                              default=RedemptionStatus.HELD)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("voucher redemption")
        verbose_name_plural = _("voucher redemptions")
        indexes = [models.Index(fields=["voucher", "buyer", "status"], name="promotions_redemption_buyer")]
        constraints = [
            models.UniqueConstraint(fields=["voucher", "order_ref"], name="promotions_redemption_once_per_order"),
            models.CheckConstraint(condition=Q(amount__gte=1), name="promotions_redemption_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_id}:{self.order_ref} {self.status}"
