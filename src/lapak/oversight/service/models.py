"""Monthly rollups of the money and service figures: one row per (month, jurisdiction, dimension values), kept
current by `services.py`. Months are the first day of the month in the jurisdiction's local time.

`buyers`, `payees`, `opened_buyers` and `resolved_buyers` are saturating sets: up to 10 distinct internal ids
(user or seller pks; a creator's user pk is stored negated, so creators and sellers never collide). Once a set
holds 10 it stops growing: a row built from several cells has at least 10 people if any set is full, and exactly
the size of their union otherwise. That is all suppression needs to know. The ids never leave the database."""

from __future__ import annotations

from django.db import models


class Cell(models.Model):
    """A rollup cell's key: the month (its first day, local time) and the jurisdiction."""

    month = models.DateField()
    jurisdiction = models.CharField(max_length=2)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__} {self.jurisdiction} {self.month:%Y-%m}"


class PaymentMethodMonth(Cell):
    method = models.CharField(max_length=10)
    payments = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)
    buyers = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "month", "method"],
                                               name="oversight_service_payment_cell")]


class TaxMonth(Cell):
    seller_orders = models.BigIntegerField(default=0)
    withheld = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "month"], name="oversight_service_tax_cell")]


class TaxSellerMonth(Cell):
    """A seller PPh 22 was withheld from in a month: the exact number of distinct sellers of any run of months is
    a count over these rows (few: sellers × months)."""

    seller_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "month", "seller_id"],
                                               name="oversight_service_tax_seller")]


class PayoutMonth(Cell):
    kind = models.CharField(max_length=10)  # seller | creator
    payouts = models.BigIntegerField(default=0)
    amount = models.BigIntegerField(default=0)
    payees = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "month", "kind"],
                                               name="oversight_service_payout_cell")]


class ServiceMonth(Cell):
    """Cases of one kind (return, refund, complaint): `opened` counts those opened in the month, the others those
    resolved in the month (within their deadline, or late)."""

    kind = models.CharField(max_length=10)
    opened = models.BigIntegerField(default=0)
    resolved = models.BigIntegerField(default=0)
    within_sla = models.BigIntegerField(default=0)
    late = models.BigIntegerField(default=0)
    opened_buyers = models.JSONField(default=list)
    resolved_buyers = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "month", "kind"],
                                               name="oversight_service_case_cell")]
