"""Inventory: warehouses (seller pickup points), stock per variant and warehouse, reservations and allocations.

`Stock.quantity` is what is on the shelf; `quantity_allocated` is the part promised to placed orders
(the sum of its `Allocation` rows). Reservations hold units for a short time (a checkout) and count
against availability only until `reserved_until`; nothing has to delete them for the units to come back.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.ids import PublicIdField

# The most units a single line may ask for or a warehouse may hold: larger numbers are typing mistakes.
MAX_LINE_QUANTITY = 10_000
MAX_STOCK_QUANTITY = 10_000_000


class Warehouse(models.Model):
    public_id = PublicIdField(prefix="wh")
    organisation = models.ForeignKey(
        "sellers.SellerOrganisation", on_delete=models.PROTECT, related_name="warehouses",
        verbose_name=_("seller organisation"),
    )
    name = models.CharField(_("name"), max_length=80)
    # A village (kelurahan/desa, level 4) of the Kemendagri list, so shipping can price from a real code.
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("village"),
    )
    street = models.CharField(_("street address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=5)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        constraints = [
            models.CheckConstraint(condition=Q(postcode__regex=r"^[0-9]{5}$"), name="inventory_wh_postcode"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.public_id})"


class Stock(models.Model):
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="stocks")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="stocks")
    quantity = models.PositiveIntegerField(_("quantity on hand"), default=0)
    quantity_allocated = models.PositiveIntegerField(_("quantity allocated"), default=0)

    class Meta:
        verbose_name = _("stock")
        verbose_name_plural = _("stock")
        constraints = [
            models.UniqueConstraint(fields=["variant", "warehouse"], name="inventory_stock_variant_warehouse"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="inventory_stock_quantity_gte_0"),
            models.CheckConstraint(condition=Q(quantity_allocated__gte=0), name="inventory_stock_allocated_gte_0"),
            models.CheckConstraint(
                condition=Q(quantity_allocated__lte=F("quantity")), name="inventory_stock_allocated_lte_quantity"
            ),
        ]

    def __str__(self) -> str:
        return f"stock {self.pk}: {self.quantity} ({self.quantity_allocated} allocated)"


class Reservation(models.Model):
    public_id = PublicIdField(prefix="rsv")
    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="reservations")
    quantity = models.PositiveIntegerField(_("quantity"))
    reserved_until = models.DateTimeField(_("reserved until"))
    # Opaque owner (a checkout id, say); the inventory never interprets it.
    key = models.CharField(_("owner key"), max_length=100)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        indexes = [
            models.Index(fields=["stock", "reserved_until"], name="inventory_rsv_stock_until"),
            models.Index(fields=["key"], name="inventory_rsv_key"),
            models.Index(fields=["reserved_until"], name="inventory_rsv_until"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="inventory_rsv_quantity_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.public_id}: {self.quantity} until {self.reserved_until:%Y-%m-%d %H:%M}"


class Allocation(models.Model):
    stock = models.ForeignKey(Stock, on_delete=models.PROTECT, related_name="allocations")
    # Opaque for now; the checkout issue points it at real order lines.
    order_line_ref = models.CharField(_("order line"), max_length=100)
    quantity = models.PositiveIntegerField(_("quantity"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        indexes = [models.Index(fields=["order_line_ref"], name="inventory_alloc_line")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="inventory_alloc_quantity_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.order_line_ref}: {self.quantity}"


class MovementKind(models.TextChoices):
    RESTOCK = "restock", _("Restock")
    ADJUST = "adjust", _("Adjustment")
    RESERVE = "reserve", _("Reserved")
    RELEASE = "release", _("Released")
    ALLOCATE = "allocate", _("Allocated")
    DEALLOCATE = "deallocate", _("Deallocated")
    EXPIRE = "expire", _("Reservation expired")


class StockMovement(models.Model):
    """Append-only history of one stock row, readable by its seller.

    `delta` is the change in units available to buyers; `quantity_after` is the shelf quantity after it."""

    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(_("kind"), max_length=12, choices=MovementKind.choices)
    delta = models.IntegerField(_("change"))
    quantity_after = models.PositiveIntegerField(_("quantity after"))
    actor = models.CharField(_("actor"), max_length=100, blank=True, default="")
    reference = models.CharField(_("reference"), max_length=100, blank=True, default="")
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [models.Index(fields=["stock", "-at"], name="inventory_move_stock_at")]

    def __str__(self) -> str:
        return f"{self.kind} {self.delta:+d} → {self.quantity_after}"
