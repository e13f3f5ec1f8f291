"""Which e-mails about an order's timeline went out: one row per (event, recipient, audience), claimed by the
insert before the e-mail is sent, so a redelivered outbox event or a second worker never sends it twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.market.orders.models.orders import OrderEvent


class Audience(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")


class OrderNotification(models.Model):
    """A claim to tell one person about one timeline entry. `sent_at` stays empty while the e-mail is being
    sent; a row left without it means the worker died mid-send (the e-mail may or may not have gone out)."""

    event = models.ForeignKey(OrderEvent, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("recipient"))
    # A shop member buying from their own shop is told once as the buyer and once as the seller.
    audience = models.CharField(_("told as"), max_length=10, choices=Audience.choices)
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("order notification")
        verbose_name_plural = _("order notifications")
        constraints = [
            models.UniqueConstraint(fields=["event", "recipient", "audience"], name="orders_notification_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.recipient_id} ({self.audience})"
