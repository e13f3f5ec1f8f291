"""Orders: one buyer `Order` per checkout, split into one `SellerOrder` per seller, with lines that snapshot
what was bought (so later catalogue edits never change an order), and `OrderEvent` rows: the timeline.

Statuses move only through services.transitions (the table is transitions.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField


class OrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class SellerOrderStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    ACCEPTED = "accepted", _("Accepted by the seller")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Order(models.Model):
    """What the buyer placed in one checkout. Money is whole rupiah, prices tax-inclusive; `ppn_total` is the
    PPN (VAT) contained in the goods after discounts (ID-TAX-1), shown, never added."""

    public_id = PublicIdField(prefix="ord")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("buyer"))
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices,
                              default=OrderStatus.AWAITING_PAYMENT)
    # The shipping address as it was at placement (the address book may change later).
    recipient_name = models.CharField(_("recipient's name"), max_length=100)
    phone = models.CharField(_("recipient's phone"), max_length=16)
    street = models.CharField(_("street address"), max_length=200)
    village_code = models.CharField(_("village code"), max_length=13)
    village_name = models.CharField(_("village"), max_length=100)
    district_name = models.CharField(_("district"), max_length=100)
    regency_name = models.CharField(_("regency or city"), max_length=100)
    province_name = models.CharField(_("province"), max_length=100)
    postcode = models.CharField(_("postcode"), max_length=5)
    goods_total = models.PositiveBigIntegerField(_("goods (Rp)"))
    shipping_total = models.PositiveBigIntegerField(_("shipping (Rp)"))
    seller_discount_total = models.PositiveBigIntegerField(_("seller vouchers (Rp)"), default=0)
    platform_discount = models.PositiveBigIntegerField(_("platform voucher (Rp)"), default=0)
    grand_total = models.PositiveBigIntegerField(_("total to pay (Rp)"))
    ppn_total = models.PositiveBigIntegerField(_("PPN included (Rp)"))
    jurisdiction = models.CharField(_("jurisdiction"), max_length=2, default="ID")
    idempotency_key = models.CharField(_("idempotency key"), max_length=255)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True, default="")
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    payment_due_at = models.DateTimeField(_("pay by"))
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("completed or cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["buyer", "-placed_at"], name="orders_order_buyer"),
            models.Index(fields=["status", "payment_due_at"], name="orders_order_due"),
            # The oversight sales rollup folds paid orders in (paid_at, id) order after its watermark.
            models.Index(fields=["paid_at", "id"], name="orders_order_paid"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "idempotency_key"], name="orders_order_idempotency"),
            models.CheckConstraint(
                condition=Q(grand_total=models.F("goods_total") + models.F("shipping_total")
                            - models.F("seller_discount_total") - models.F("platform_discount")),
                name="orders_order_grand_total"),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def discount_total(self) -> int:
        return self.seller_discount_total + self.platform_discount


class SellerOrder(models.Model):
    """One seller's part of an order: its lines, the courier the buyer chose for it, its own status."""

    public_id = PublicIdField(prefix="so")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="seller_orders")
    seller = models.ForeignKey("sellers.SellerOrganisation", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("seller"))
    status = models.CharField(_("status"), max_length=20, choices=SellerOrderStatus.choices,
                              default=SellerOrderStatus.AWAITING_PAYMENT)
    courier_code = models.CharField(_("courier"), max_length=20)
    service_code = models.CharField(_("service"), max_length=20)
    shipping_fee = models.PositiveBigIntegerField(_("shipping (Rp)"))
    eta_min_days = models.PositiveSmallIntegerField(_("earliest delivery (days)"))
    eta_max_days = models.PositiveSmallIntegerField(_("latest delivery (days)"))
    origin_village_code = models.CharField(_("ships from (village code)"), max_length=13)
    goods_subtotal = models.PositiveBigIntegerField(_("goods (Rp)"))
    seller_discount = models.PositiveBigIntegerField(_("seller voucher (Rp)"), default=0)
    ppn_amount = models.PositiveBigIntegerField(_("PPN included (Rp)"))
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True, default="")
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    # The end of the return window (ID-CON-1), fixed at delivery from the lines' categories and the holidays.
    return_deadline = models.DateTimeField(_("returns accepted until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("seller order")
        verbose_name_plural = _("seller orders")
        ordering = ["pk"]
        indexes = [models.Index(fields=["seller", "status", "-created_at"], name="orders_so_seller")]
        constraints = [
            models.UniqueConstraint(fields=["order", "seller"], name="orders_so_one_per_seller"),
            models.CheckConstraint(condition=Q(seller_discount__lte=models.F("goods_subtotal")),
                                   name="orders_so_discount"),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def cancel_reason_display(self) -> str:
        from lapak.market.orders.cancel_reasons import cancel_reason_text

        return cancel_reason_text(self.cancel_reason)


class OrderLine(models.Model):
    """What was bought, as it was at placement."""

    seller_order = models.ForeignKey(SellerOrder, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    variant_label = models.CharField(_("variant"), max_length=200, blank=True, default="")
    sku = models.CharField(_("SKU"), max_length=64)
    unit_price = models.PositiveBigIntegerField(_("unit price (Rp)"))
    quantity = models.PositiveIntegerField(_("quantity"))
    weight_grams = models.PositiveIntegerField(_("weight per unit (grams)"))
    origin = models.CharField(_("origin"), max_length=20)
    origin_country = models.CharField(_("country of origin"), max_length=2)
    line_total = models.PositiveBigIntegerField(_("line total (Rp)"))
    # Attribution, as it was at placement (lapak.market.affiliates): which creator's hand-off sold the line, and
    # the commission rate then in force (null: the line counts for the creator but earns nothing).
    attribution_click = models.ForeignKey("affiliates.HandoffClick", on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="order_lines", verbose_name=_("hand-off click"))
    attribution_creator = models.CharField(_("creator"), max_length=40, blank=True, default="")
    attribution_source = models.CharField(_("creator's source"), max_length=10, blank=True, default="")
    attribution_source_id = models.CharField(_("post, live or showcase"), max_length=40, blank=True, default="")
    attribution_campaign = models.CharField(_("campaign"), max_length=40, blank=True, default="")
    attribution_rate_bps = models.PositiveIntegerField(_("creator commission (basis points)"), null=True,
                                                       blank=True)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orders_line_quantity"),
            models.CheckConstraint(condition=Q(line_total=models.F("unit_price") * models.F("quantity")),
                                   name="orders_line_total"),
        ]
        indexes = [models.Index(fields=["attribution_creator"], condition=~Q(attribution_creator=""),
                                name="orders_line_creator")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.title}"


class EventKind(models.TextChoices):
    STATUS_CHANGE = "status_change", _("Status change")
    NOTE = "note", _("Note")
    SHIPPING = "shipping", _("Shipping")
    RETURN = "return", _("Return")


class OrderEvent(models.Model):
    """One entry of an order's timeline; `seller_order` empty for events of the whole order."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    seller_order = models.ForeignKey(SellerOrder, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(_("from"), max_length=20, blank=True, default="")
    to_status = models.CharField(_("to"), max_length=20, blank=True, default="")
    actor = models.CharField(_("by"), max_length=64)  # a user's public id, or "system"
    data = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["order", "at"], name="orders_event_order"),
                   models.Index(fields=["kind", "at"], name="orders_event_kind_at")]  # oversight rollups

    def __str__(self) -> str:
        return f"{self.order_id} {self.kind} {self.to_status}"
