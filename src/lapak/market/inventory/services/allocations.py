"""Turning a key's reservations into allocations for order lines, and undoing allocations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.errors import Conflict
from lapak.market.inventory.errors import InsufficientStock, ShortLine
from lapak.market.inventory.models import Allocation, MovementKind, Reservation, StockMovement
from lapak.market.inventory.services._common import (
    available,
    check_key,
    held_by_others,
    lock_stocks,
    raise_if,
    record,
    shelf_changed,
)


def stock_allocate(*, key: str, order_line_refs: Mapping[Any, str]) -> list[Allocation]:
    """Turns every reservation `key` holds into allocations, one per (stock row, order line).

    `order_line_refs` maps each reserved variant (the catalog Variant) to its order line reference.
    Guarantees: the stock rows are locked in pk order and availability is re-counted under the lock; a
    reservation that expired still allocates if its units were not taken meanwhile, otherwise one
    `InsufficientStock` names every short line and nothing changes. The key's reservations are gone after."""
    errors: dict = {}
    check_key(key, errors)
    refs = {getattr(variant, "pk", variant): ref for variant, ref in dict(order_line_refs).items()}
    for variant_id, ref in refs.items():
        if not isinstance(ref, str) or not ref.strip() or len(ref) > 100:
            errors[f"order_line_refs.{variant_id}"] = [_("Give a non-empty reference of at most 100 characters.")]
    raise_if(errors)

    with transaction.atomic():
        variant_ids = set(Reservation.objects.filter(key=key).values_list("stock__variant_id", flat=True))
        if not variant_ids:
            raise Conflict(_("Nothing is reserved under this key."), code="nothing_reserved")
        missing = variant_ids - set(refs)
        if missing:
            raise_if({"order_line_refs": [_("Give an order line for every reserved item.")]})
        stocks = lock_stocks(variant_ids)
        now = timezone.now()
        held = held_by_others(stocks, key=key, now=now)
        own = defaultdict(int)  # units the key reserved, per stock row
        wanted = defaultdict(int)  # per variant
        reservations = list(Reservation.objects.filter(key=key).select_related("stock__variant"))
        if any(r.stock.variant_id not in variant_ids for r in reservations):
            # The same key reserved something else between our snapshot and the lock: a caller bug; retrying works.
            raise Conflict(_("The reservation changed while it was being allocated; try again."), code="retry")
        for reservation in reservations:
            own[reservation.stock_id] += reservation.quantity
            wanted[reservation.stock.variant_id] += reservation.quantity
        labels = {r.stock.variant_id: r.stock.variant.public_id for r in reservations}

        short, plan = [], []
        for variant_id, requested in sorted(wanted.items()):
            # The rows the key reserved first (an expired hold keeps its place if nobody took the units).
            # Rows of inactive warehouses only where the key already holds units there.
            candidates = sorted((s for s in stocks if s.variant_id == variant_id
                                 and (s.warehouse.is_active or own[s.pk])),
                                key=lambda s: (-own[s.pk], -available(s, held), s.pk))
            total = sum(available(s, held) for s in candidates)
            if total < requested:
                short.append(ShortLine(labels[variant_id], requested, total))
                continue
            remaining = requested
            for stock in candidates:
                take = min(remaining, available(stock, held))
                if take:
                    plan.append((stock, take))
                    remaining -= take
                if not remaining:
                    break
        if short:
            raise InsufficientStock(short)

        Reservation.objects.filter(pk__in=[r.pk for r in reservations]).delete()
        allocations, movements = [], []
        for stock, take in plan:
            stock.quantity_allocated += take
            stock.save(update_fields=["quantity_allocated"])
            allocations.append(Allocation(stock=stock, order_line_ref=refs[stock.variant_id], quantity=take,
                                          created_at=now))
            # The units moved from "reserved" to "allocated": availability did not change.
            movements.append(record(stock, MovementKind.ALLOCATE, 0, reference=refs[stock.variant_id], at=now))
        Allocation.objects.bulk_create(allocations)
        StockMovement.objects.bulk_create(movements)
        shelf_changed(variant_ids)
    return allocations


def stock_deallocate(*, order_line_refs: Sequence[str], actor: str = "") -> int:
    """Gives back the units allocated to the order lines (a cancelled order); returns the units freed.

    Guarantees: stock rows locked in pk order; `quantity_allocated` drops by exactly the allocations deleted,
    so calling it twice frees nothing the second time."""
    refs = [ref for ref in order_line_refs if isinstance(ref, str) and ref]
    raise_if({} if refs else {"order_line_refs": [_("Give at least one order line.")]})
    with transaction.atomic():
        variant_ids = Allocation.objects.filter(order_line_ref__in=refs).values_list("stock__variant_id", flat=True)
        stocks = {s.pk: s for s in lock_stocks(list(variant_ids))}
        # Only rows we hold the lock of; an allocation made after the snapshot is left to its own caller.
        allocations = list(Allocation.objects.filter(order_line_ref__in=refs, stock_id__in=list(stocks)))
        movements = []
        for allocation in allocations:
            stock = stocks[allocation.stock_id]
            stock.quantity_allocated -= allocation.quantity
            movements.append(record(stock, MovementKind.DEALLOCATE, allocation.quantity, actor=actor,
                                    reference=allocation.order_line_ref))
        for stock in {stocks[a.stock_id] for a in allocations}:
            stock.save(update_fields=["quantity_allocated"])
        Allocation.objects.filter(pk__in=[a.pk for a in allocations]).delete()
        StockMovement.objects.bulk_create(movements)
        shelf_changed(stocks[a.stock_id].variant_id for a in allocations)
    return sum(a.quantity for a in allocations)
