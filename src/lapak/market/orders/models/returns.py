"""Returns: a buyer asks to send back some units of a delivered seller order (ID-CON-1), the seller answers, an
operator decides disputes, the parcel travels back, and an accepted return ends in a `RefundRequest` that the
payments module executes.

Statuses move only through orders.returns.services (the table is orders/returns/table.py).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField
from lapak.market.orders.models.orders import Order, OrderLine, SellerOrder


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the seller")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused by the seller")
    DISPUTED = "disputed", _("Waiting for Lapak's decision")
    SHIPPED_BACK = "shipped_back", _("On its way back to the seller")
    REFUND_REQUESTED = "refund_requested", _("Refund on its way")
    REJECTED = "rejected", _("Closed without a refund")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReturnReason(models.TextChoices):
    DAMAGED = "damaged", _("Arrived damaged")
    DEFECTIVE = "defective", _("Does not work")
    WRONG_ITEM = "wrong_item", _("Wrong item, size or colour")
    MISSING_PARTS = "missing_parts", _("Parts or units missing")
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
    CHANGED_MIND = "changed_mind", _("I changed my mind")


class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT (read when used, so tests may move it) that have no address:
    views that check who asks serve them."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no address; serve them through a view that checks access.")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


class ReturnRequest(models.Model):
    """One request to return units of one seller order. At most one is open per seller order at a time."""

    public_id = PublicIdField(prefix="ret")
    seller_order = models.ForeignKey(SellerOrder, on_delete=models.PROTECT, related_name="returns",
                                     verbose_name=_("seller order"))
    status = models.CharField(_("status"), max_length=20, choices=ReturnStatus.choices,
                              default=ReturnStatus.REQUESTED)
    reason = models.CharField(_("reason"), max_length=20, choices=ReturnReason.choices)
    description = models.TextField(_("what is wrong"), max_length=1000, blank=True, default="")
    # The seller (or operator) may settle without the goods coming back: the refund is requested at acceptance.
    goods_back = models.BooleanField(_("goods sent back"), default=True)
    refund_amount = models.PositiveBigIntegerField(_("refund (Rp)"))
    refusal_reason = models.CharField(_("why the seller refused"), max_length=300, blank=True, default="")
    dispute_note = models.CharField(_("buyer's word to Lapak"), max_length=1000, blank=True, default="")
    decision_note = models.CharField(_("Lapak's decision"), max_length=1000, blank=True, default="")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)  # oversight
    # The next deadline of whoever must act (seller answer, buyer dispute or ship-back); empty when none.
    due_at = models.DateTimeField(_("next step due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)  # oversight

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="orders_return_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["seller_order"], name="orders_return_one_open",
                condition=Q(status__in=["requested", "accepted", "refused", "disputed", "shipped_back"])),
        ]

    def __str__(self) -> str:
        return self.public_id


class ReturnLine(models.Model):
    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("returned line")
        verbose_name_plural = _("returned lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orders_return_line_quantity"),
            models.UniqueConstraint(fields=["return_request", "order_line"], name="orders_return_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line_id}"


class ReturnPhoto(models.Model):
    """A picture of the problem, re-encoded without metadata, kept in private storage."""

    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="photos")
    public_id = PublicIdField(prefix="rph")
    image = models.ImageField(_("photo"), upload_to="returns/%Y/%m/", storage=private_storage)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("return photo")
        verbose_name_plural = _("return photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.public_id


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    EXECUTING = "executing", _("Being paid back")
    PAID = "paid", _("Paid back")
    FAILED = "failed", _("Failed, will be retried")
    AWAITING_BANK_ACCOUNT = "awaiting_bank_account", _("Waiting for your bank account")


class RefundRoute(models.TextChoices):
    GATEWAY = "gateway", _("Back through the original payment method")
    BANK = "bank", _("Bank transfer to the buyer")


class RefundRequest(models.Model):
    """Money owed back to the buyer: for an accepted return (written here), for part of a seller order without
    a return, or for a payment that could not be used (`source_ref` = the payments.PaymentRefundNeeded public id,
    no seller order). Paid by the payments module (payments/services/refunds.py). ID-CON-2: compensation is due
    within 7 days of this request."""

    public_id = PublicIdField(prefix="rfd")
    return_request = models.OneToOneField(ReturnRequest, on_delete=models.PROTECT, related_name="refund", null=True,
                                          blank=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refund_requests")
    seller_order = models.ForeignKey(SellerOrder, on_delete=models.PROTECT, related_name="refund_requests", null=True,
                                     blank=True)
    source_ref = models.CharField(_("refund needed"), max_length=40, blank=True, default="")
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    status = models.CharField(_("status"), max_length=24, choices=RefundStatus.choices,
                              default=RefundStatus.REQUESTED)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)  # oversight
    due_at = models.DateTimeField(_("pay by"))
    # Execution (payments/services/refunds.py): claimed by a conditional UPDATE, so it is paid at most once.
    route = models.CharField(_("paid back by"), max_length=10, choices=RefundRoute.choices, blank=True, default="")
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=300, blank=True, default="")
    gateway_ref = models.CharField(_("gateway refund reference"), max_length=100, blank=True, default="")
    paid_at = models.DateTimeField(_("paid back at"), null=True, blank=True, db_index=True)  # oversight

    class Meta:
        verbose_name = _("refund request")
        verbose_name_plural = _("refund requests")
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="orders_refund_due")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=1), name="orders_refund_amount"),
            models.UniqueConstraint(fields=["source_ref"], condition=~Q(source_ref=""), name="orders_refund_source"),
        ]

    def __str__(self) -> str:
        return self.public_id
