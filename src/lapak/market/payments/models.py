"""Payment intents (one attempt to pay one order by one method), the gateways' notification inbox, and the
payments that arrived when they could no longer be used (ADR 0010).

An intent is *live* while the buyer can still pay it (requires_action, pending); at most one is live per order
(a partial unique index). Switching method cancels the live intent and creates a new one, with its own
provider order id, because Midtrans accepts one charge per order id.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class Method(models.TextChoices):
    QRIS = "qris", _("QRIS")
    VA = "va", _("Bank virtual account")
    EWALLET = "ewallet", _("E-wallet")
    CARD = "card", _("Credit or debit card")
    COD = "cod", _("Cash on delivery")


class Channel(models.TextChoices):
    """The bank of a virtual account, or the e-wallet."""

    BCA = "bca", "BCA"
    BNI = "bni", "BNI"
    BRI = "bri", "BRI"
    CIMB = "cimb", "CIMB Niaga"
    PERMATA = "permata", "Permata"
    MANDIRI = "mandiri", "Mandiri"
    GOPAY = "gopay", "GoPay"
    SHOPEEPAY = "shopeepay", "ShopeePay"


BANKS = frozenset({Channel.BCA, Channel.BNI, Channel.BRI, Channel.CIMB, Channel.PERMATA, Channel.MANDIRI})
WALLETS = frozenset({Channel.GOPAY, Channel.SHOPEEPAY})


class IntentStatus(models.TextChoices):
    # pending: recorded, the charge is on its way to the gateway (or, for COD, waiting for the courier's
    # settlement); requires_action: the gateway answered and the buyer must pay with the instructions shown.
    REQUIRES_ACTION = "requires_action", _("Waiting for your payment")
    PENDING = "pending", _("Being prepared")
    PAID = "paid", _("Paid")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


LIVE = (IntentStatus.REQUIRES_ACTION, IntentStatus.PENDING)


class PaymentIntent(models.Model):
    public_id = PublicIdField(prefix="pay")
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payment_intents",
                              verbose_name=_("order"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    channel = models.CharField(_("bank or e-wallet"), max_length=10, choices=Channel.choices, blank=True,
                               default="")
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    status = models.CharField(_("status"), max_length=20, choices=IntentStatus.choices,
                              default=IntentStatus.PENDING)
    provider = models.CharField(_("gateway"), max_length=20)  # "midtrans"; "" for cash on delivery
    # What we send as Midtrans' order_id: one charge per id, so one id per intent (the intent's public id).
    provider_order_id = models.CharField(_("gateway order id"), max_length=50, unique=True)
    provider_ref = models.CharField(_("gateway transaction id"), max_length=100, blank=True, default="")
    qr_string = models.TextField(_("QRIS payload"), blank=True, default="")
    va_number = models.CharField(_("virtual account number"), max_length=40, blank=True, default="")
    bill_key = models.CharField(_("bill key"), max_length=40, blank=True, default="")
    biller_code = models.CharField(_("biller code"), max_length=20, blank=True, default="")
    redirect_url = models.URLField(_("payment page"), max_length=1000, blank=True, default="")
    expires_at = models.DateTimeField(_("pay before"), null=True, blank=True)
    failure = models.CharField(_("why it failed"), max_length=300, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True, db_index=True)  # oversight rollups
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment intent")
        verbose_name_plural = _("payment intents")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="payments_intent_status")]
        constraints = [
            models.UniqueConstraint(fields=["order"], condition=Q(status__in=[s.value for s in LIVE]),
                                    name="payments_intent_one_live"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_intent_amount"),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def is_live(self) -> bool:
        return self.status in LIVE


class Outcome(models.TextChoices):
    RECEIVED = "received", _("Received, not processed yet")
    MALFORMED = "malformed", _("Malformed")
    FORGED = "forged", _("Signature missing or wrong")
    DUPLICATE = "duplicate", _("Duplicate of an event already processed")
    UNKNOWN_ORDER = "unknown_order", _("Unknown gateway order id")
    AMOUNT_MISMATCH = "amount_mismatch", _("Amount differs from the intent's")
    PAID = "paid", _("Order paid")
    REFUND_NEEDED = "refund_needed", _("Money arrived for an order that cannot take it: refund needed")
    CLOSED = "closed", _("Intent closed")
    NO_CHANGE = "no_change", _("Recorded, nothing to change")
    UNCONFIRMED = "unconfirmed", _("Not confirmed by the gateway's status")


class PaymentNotification(models.Model):
    """One notification as the gateway sent it, stored before it is looked at. A status answer fetched by the
    reconciliation task is stored here too (source "status"), so both paths share one event key and one claim.

    `event_key` is set only on a notification whose signature was verified, and only by the transaction that
    processes it: the unique index is the claim, so each event is processed exactly once, and a forged copy
    can never take the key of the genuine event."""

    provider = models.CharField(_("gateway"), max_length=20)
    source = models.CharField(_("source"), max_length=10, default="webhook")  # webhook | status
    headers = models.JSONField(_("headers"), default=dict)
    body = models.BinaryField(_("raw body"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    signature_ok = models.BooleanField(_("signature verified"), null=True)
    event_key = models.CharField(_("event key"), max_length=200, blank=True, default="")
    intent = models.ForeignKey(PaymentIntent, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="notifications")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.RECEIVED)
    error = models.CharField(_("error"), max_length=500, blank=True, default="")
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment notification")
        verbose_name_plural = _("payment notifications")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["outcome", "received_at"], name="payments_notification_outcome")]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_key"], condition=~Q(event_key=""),
                                    name="payments_notification_once"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_key or self.pk} {self.outcome}"


class RefundReason(models.TextChoices):
    ORDER_CLOSED = "order_closed", _("The order was cancelled or expired before the money arrived")
    ALREADY_PAID = "already_paid", _("The order was already paid by another payment")
    NOT_FULFILLABLE = "not_fulfillable", _("The order could no longer be fulfilled")
    AMOUNT_MISMATCH = "amount_mismatch", _("The amount paid differs from the amount due")


class PaymentRefundNeeded(models.Model):
    """Money that arrived and cannot pay its order: it must go back to the buyer. One per intent. The refunds
    part of issue 6 executes these through the gateway (`refund_key` is the gateway's idempotency key)."""

    public_id = PublicIdField(prefix="prn")
    intent = models.OneToOneField(PaymentIntent, on_delete=models.PROTECT, related_name="refund_needed")
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    reason = models.CharField(_("reason"), max_length=20, choices=RefundReason.choices)
    refund_key = models.CharField(_("refund key"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refund needed")
        verbose_name_plural = _("refunds needed")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.public_id} {self.amount}"
from lapak.market.payments.models_cod import CodParcel, CodRemittanceLine  # noqa: E402, F401
from lapak.market.payments.models_payouts import Payout  # noqa: E402, F401
from lapak.market.payments.models_reconciliation import ReconciliationItem, ReconciliationReport  # noqa: E402, F401
from lapak.market.payments.models_release import EscrowRelease, SellerTaxStatus  # noqa: E402, F401
