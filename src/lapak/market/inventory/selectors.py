"""Inventory reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from lapak.market.inventory.models import Reservation, Stock, StockMovement, Warehouse


def variant_availability(*, variant_ids: Iterable[int]) -> dict[int, int]:
    """Units buyers can still get per variant, summed over active warehouses (0 for a variant without stock).

    A read without locks: a hint for pages, never a promise; only `stock_reserve` decides. One query (the
    unexpired reservations are summed per stock row in a subquery), so product pages stay within their budget."""
    ids = list(set(variant_ids))
    result = dict.fromkeys(ids, 0)
    if not ids:
        return result
    held = (
        Reservation.objects.filter(stock=OuterRef("pk"), reserved_until__gt=timezone.now())
        .order_by().values("stock").annotate(total=Sum("quantity")).values("total")
    )
    rows = (
        Stock.objects.filter(variant_id__in=ids, warehouse__is_active=True)
        .annotate(held=Coalesce(Subquery(held, output_field=IntegerField()), 0))
        .values_list("variant_id", "quantity", "quantity_allocated", "held")
    )
    for variant_id, quantity, allocated, held_units in rows:
        result[variant_id] += max(0, quantity - allocated - held_units)
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


def warehouses_for_seller(*, organisation: Any) -> QuerySet[Warehouse]:
    """The seller's own warehouses (active or not), oldest first, with their villages."""
    return Warehouse.objects.filter(organisation=organisation).select_related("region").order_by("created_at", "pk")
