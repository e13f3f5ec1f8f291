"""Rollups of sellers and sales: small tables the figures read instead of the order and organisation tables.

Seller and buyer ids here are internal integer keys, kept only to count distinct people per cell (for the
suppression of small cells); they never leave the oversight package. The "saturating sets" hold at most
`PEOPLE_CAP` ids: a full set means "at least that many", which is all suppression needs to know.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

PEOPLE_CAP = 10


class SellerSnapshot(models.Model):
    """How many seller organisations of a jurisdiction had each combination of attributes on `day` (the
    jurisdiction's local date), how many of them were active and how many were active local sellers. Retaken
    on every refresh of that day; earlier days stay as history."""

    day = models.DateField()
    jurisdiction = models.CharField(max_length=2)
    status = models.CharField(max_length=12)
    seller_type = models.CharField(max_length=12)
    province = models.CharField(max_length=2, blank=True, default="")
    umkm_class = models.CharField(max_length=8, blank=True, default="")
    count = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)
    local_active = models.PositiveIntegerField(default=0)
    taken_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["jurisdiction", "day", "status", "seller_type", "province", "umkm_class"],
            name="oversight_sales_snapshot_cell")]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.day} {self.status}/{self.seller_type}: {self.count}"


class SellerLastSale(models.Model):
    """When each seller's latest folded seller order was paid: what "active through a sale" reads."""

    seller_id = models.BigIntegerField(primary_key=True)
    last_paid_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"seller {self.seller_id} sold {self.last_paid_at}"


class SalesCell(models.Model):
    """Measures shared by both sales grains."""

    month = models.DateField()  # first day of the month, in the jurisdiction's local time
    jurisdiction = models.CharField(max_length=2)
    province = models.CharField(max_length=2, blank=True, default="")  # where the parcel ships from
    buyer_province = models.CharField(max_length=2, blank=True, default="")
    umkm_class = models.CharField(max_length=8, blank=True, default="")
    seller_type = models.CharField(max_length=12, blank=True, default="")
    seller_orders = models.BigIntegerField(default=0)
    gmv = models.BigIntegerField(default=0)
    units = models.BigIntegerField(default=0)
    sellers = models.JSONField(default=list)
    buyers = models.JSONField(default=list)
    sellers_n = models.PositiveSmallIntegerField(default=0)  # len(sellers), so SQL can tell a full set
    buyers_n = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.month:%Y-%m} {self.province}->{self.buyer_province}: {self.gmv}"


class SalesOrderCell(SalesCell):
    """Seller orders paid in a month, by where they shipped from and to and the seller's class and type: order
    counts here are exact."""

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["jurisdiction", "month", "province", "buyer_province", "umkm_class", "seller_type"],
            name="oversight_sales_order_cell")]


class SalesMonthCell(SalesCell):
    """Seller orders paid in a month by the seller's class and type only: the figure's default grouping and its
    headline read these few rows instead of every province pair (order counts exact)."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "month", "umkm_class", "seller_type"],
                                               name="oversight_sales_month_cell")]


class SalesLineCell(SalesCell):
    """The same, split further by the lines' top-level category and origin: a seller order with lines in two
    cells counts in both."""

    category = models.CharField(max_length=80, blank=True, default="")
    origin = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["jurisdiction", "month", "province", "buyer_province", "umkm_class", "seller_type", "category",
                    "origin"], name="oversight_sales_line_cell")]
