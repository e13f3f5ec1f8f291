"""Inventory reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from lapak.market.inventory.models import Reservation, Stock, StockMovement


def variant_availability(*, variant_ids: Iterable[int]) -> dict[int, int]:
    """Units buyers can still get per variant, summed over active warehouses (0 for a variant without stock).

    A read without locks: a hint for pages, never a promise; only `stock_reserve` decides."""
    ids = list(set(variant_ids))
    result = dict.fromkeys(ids, 0)
    stocks = Stock.objects.filter(variant_id__in=ids, warehouse__is_active=True)
    shelf = {row["pk"]: row for row in stocks.values("pk", "variant_id", "quantity", "quantity_allocated")}
    held = dict(
        Reservation.objects.filter(stock_id__in=list(shelf), reserved_until__gt=timezone.now())
        .values("stock_id").annotate(total=Sum("quantity")).values_list("stock_id", "total")
    )
    for pk, row in shelf.items():
        result[row["variant_id"]] += max(0, row["quantity"] - row["quantity_allocated"] - held.get(pk, 0))
    return result


def stock_for_seller(*, organisation: Any) -> QuerySet[Stock]:
    return (Stock.objects.filter(warehouse__organisation=organisation)
            .select_related("warehouse", "variant").order_by("variant_id", "warehouse_id"))


def stock_history(*, organisation: Any, variant: Any | None = None, limit: int = 100) -> list[StockMovement]:
    """The newest movements of the seller's own stock rows (never another seller's), newest first."""
    rows = StockMovement.objects.filter(Q(stock__warehouse__organisation=organisation))
    if variant is not None:
        rows = rows.filter(stock__variant=variant)
    rows = rows.select_related("stock__warehouse", "stock__variant").order_by("-at", "-pk")
    return list(rows[: max(1, min(limit, 500))])
