"""The affiliate programme's terms: a shop's open commission per product, and invitations at a higher rate."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField

# Commission in basis points of the goods' price (100 bps = 1 %). Shops may offer up to 50 %.
RATE_MAX_BPS = 5_000


class AffiliateOffer(models.Model):
    """The open rate any creator earns on a product: one per product, switched off rather than deleted."""

    public_id = PublicIdField(prefix="aof")
    seller = models.ForeignKey("sellers.SellerOrganisation", on_delete=models.PROTECT, related_name="affiliate_offers")
    product = models.OneToOneField("catalog.Product", on_delete=models.PROTECT, related_name="affiliate_offer")
    rate_bps = models.PositiveIntegerField(_("commission (basis points)"),
                                           validators=[MinValueValidator(1), MaxValueValidator(RATE_MAX_BPS)])
    active = models.BooleanField(_("open to creators"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("affiliate offer")
        verbose_name_plural = _("affiliate offers")
        constraints = [models.CheckConstraint(condition=models.Q(rate_bps__gte=1, rate_bps__lte=RATE_MAX_BPS),
                                              name="affiliates_offer_rate_bounds")]

    def __str__(self) -> str:
        return f"{self.product_id} at {self.rate_bps} bps"


class AffiliateInvite(models.Model):
    """A shop invites one creator to promote one product at a rate above the open one."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the creator")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Withdrawn by the shop")

    public_id = PublicIdField(prefix="ainv")
    seller = models.ForeignKey("sellers.SellerOrganisation", on_delete=models.PROTECT,
                               related_name="affiliate_invites")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="affiliate_invites")
    creator = models.CharField(_("creator"), max_length=40, help_text=_("The creator's account public id (usr_…)."))
    rate_bps = models.PositiveIntegerField(_("commission (basis points)"),
                                           validators=[MinValueValidator(1), MaxValueValidator(RATE_MAX_BPS)])
    message = models.CharField(_("message"), max_length=500, blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("affiliate invitation")
        verbose_name_plural = _("affiliate invitations")
        constraints = [
            models.CheckConstraint(condition=models.Q(rate_bps__gte=1, rate_bps__lte=RATE_MAX_BPS),
                                   name="affiliates_invite_rate_bounds"),
            # At most one live invitation per product and creator: a new rate replaces the old invitation.
            models.UniqueConstraint(fields=["product", "creator"],
                                    condition=models.Q(status__in=["pending", "accepted"]),
                                    name="affiliates_invite_one_live"),
        ]

    def __str__(self) -> str:
        return self.public_id


from lapak.market.affiliates.models_attribution import ClickSource, HandoffClick  # noqa: E402, F401
from lapak.market.affiliates.models_payouts import (  # noqa: E402, F401
    CreatorHoldReason,
    CreatorPayout,
    CreatorPayoutAccount,
)
