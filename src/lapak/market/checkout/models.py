"""The cart: one per signed-in buyer, or an anonymous one found through a random token kept in the session.

A line remembers the price, title and variant label the buyer saw when adding it, so a later change can be
shown as a change (and must be acknowledged) instead of being applied silently.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField
from lapak.market.inventory.models import MAX_LINE_QUANTITY


class Cart(models.Model):
    public_id = PublicIdField(prefix="cart")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("buyer"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )
    # Anonymous carts only: the session holds it; it is never shown to anyone.
    token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(user__isnull=False),
                                    name="checkout_cart_one_per_user"),
            # Exactly one owner: a buyer, or (for an anonymous cart) a session token.
            models.CheckConstraint(
                condition=Q(user__isnull=False, token__isnull=True) | Q(user__isnull=True, token__isnull=False),
                name="checkout_cart_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, verbose_name=_("cart"), on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", verbose_name=_("variant"), on_delete=models.CASCADE,
                                related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    # What the buyer saw when adding (or last acknowledged): the live values are compared against these.
    unit_price = models.PositiveBigIntegerField(_("unit price seen (rupiah)"))
    title = models.CharField(_("title seen"), max_length=200)
    variant_label = models.CharField(_("variant seen"), max_length=200, blank=True, default="")
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The creator's hand-off that brought the buyer to this product (last click wins), if any.
    attribution_click = models.ForeignKey("affiliates.HandoffClick", on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+", verbose_name=_("hand-off click"))
    attribution_creator = models.CharField(_("creator"), max_length=40, blank=True, default="")

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="checkout_cartline_one_per_variant"),
            models.CheckConstraint(condition=Q(quantity__gt=0, quantity__lte=MAX_LINE_QUANTITY),
                                   name="checkout_cartline_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.title}"
