"""Seller organisations (the shop and the legal seller behind it) and the people who act for them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class SellerType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual micro-entrepreneur (UMKM)")
    BUSINESS = "business", _("Registered business")
    FOREIGN = "foreign", _("Foreign merchant")
    FIRST_PARTY = "first_party", _("First-party (operated by the platform)")
    MLM = "mlm", _("Multi-level marketing company")


class UmkmClass(models.TextChoices):
    """Class by annual sales (PP 7/2021; thresholds in rules.py)."""

    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class OrganisationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified yet")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")


class SellerOrganisation(models.Model):
    public_id = PublicIdField(prefix="org")
    seller_type = models.CharField(_("seller type"), max_length=12, choices=SellerType.choices)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, default="ID")
    status = models.CharField(
        _("status"), max_length=12, choices=OrganisationStatus.choices, default=OrganisationStatus.UNVERIFIED
    )
    umkm_class = models.CharField(_("UMKM class (declared)"), max_length=8, choices=UmkmClass.choices, blank=True)
    declared_annual_sales = models.BigIntegerField(_("declared annual sales (Rp)"), null=True, blank=True)

    shop_name = models.CharField(_("shop name"), max_length=80)
    shop_slug = models.SlugField(_("shop address"), max_length=90, unique=True)
    description = models.TextField(_("description"), blank=True, default="")
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    logo_content_type = models.CharField(max_length=30, blank=True, default="")

    # Pickup address: a village (kelurahan/desa) of the Kemendagri list, the street line and the postcode.
    pickup_region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("pickup village"),
    )
    pickup_street = models.CharField(_("pickup street address"), max_length=200, blank=True, default="")
    pickup_postcode = models.CharField(_("pickup postcode"), max_length=5, blank=True, default="")

    payout_hold_until = models.DateTimeField(_("payouts held until"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("seller organisation")
        verbose_name_plural = _("seller organisations")
        indexes = [models.Index(fields=["jurisdiction", "status"], name="sellers_org_jur_status")]
        constraints = [
            models.CheckConstraint(condition=Q(jurisdiction__regex=r"^[A-Z]{2}$"), name="sellers_org_jurisdiction"),
        ]

    def __str__(self) -> str:
        return f"{self.shop_name} ({self.public_id})"


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    STAFF = "staff", _("Staff")


class Membership(models.Model):
    organisation = models.ForeignKey(SellerOrganisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seller_memberships")
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("seller member")
        verbose_name_plural = _("seller members")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="sellers_member_unique"),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(role="owner"), name="sellers_member_one_owner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} of {self.organisation.public_id}"
