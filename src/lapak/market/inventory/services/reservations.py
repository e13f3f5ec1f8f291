"""Reserving units for a short time (a checkout), releasing them, and expiring the ones nobody released."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.market.inventory.errors import InsufficientStock, ShortLine
from lapak.market.inventory.lock_objects import stock_for_update
from lapak.market.inventory.models import MovementKind, Reservation, StockMovement
from lapak.market.inventory.services._common import (
    Line,
    available,
    check_key,
    check_lines,
    held_by_others,
    lock_stocks,
    raise_if,
    record,
    variant_label,
)

MAX_TTL = timedelta(days=1)
EXPIRE_BATCH = 500


def stock_reserve(*, lines: Sequence[Line], key: str, ttl: timedelta) -> list[Reservation]:
    """Holds the requested units for `key` until now + `ttl`, or raises one `InsufficientStock` naming every
    line that cannot be served (nothing is reserved then).

    Guarantees: the stock rows of all the variants are locked in primary-key order and availability
    (shelf − allocated − unexpired reservations of other keys) is counted inside the lock, so concurrent
    callers can never hold the same unit twice. Idempotent per key: the key's earlier reservations of these
    variants are replaced, not added to. Warehouses are picked by most available first, then by pk."""
    errors: dict = {}
    check_key(key, errors)
    if not isinstance(ttl, timedelta) or not timedelta(0) < ttl <= MAX_TTL:
        errors["ttl"] = [_("The reservation must last more than zero and at most one day.")]
    wanted = check_lines(lines, errors)
    raise_if(errors)
    variants = {variant.pk: variant for variant, _quantity in lines}

    with transaction.atomic():
        now = timezone.now()
        stocks = [s for s in lock_stocks(wanted) if s.warehouse.is_active]
        held = held_by_others(stocks, key=key, now=now)
        by_variant = defaultdict(list)
        for stock in stocks:
            by_variant[stock.variant_id].append(stock)

        short, plan = [], []
        for variant_id, requested in sorted(wanted.items()):
            candidates = sorted(by_variant[variant_id], key=lambda s: (-available(s, held), s.pk))
            total = sum(available(s, held) for s in candidates)
            if total < requested:
                short.append(ShortLine(variant_label(variant_id, variants), requested, total))
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

        movements = _drop(Reservation.objects.filter(key=key, stock__variant_id__in=list(wanted)),
                          MovementKind.RELEASE, now=now)
        reservations = Reservation.objects.bulk_create(
            [Reservation(stock=stock, quantity=take, reserved_until=now + ttl, key=key, created_at=now)
             for stock, take in plan]
        )
        movements += [record(r.stock, MovementKind.RESERVE, -r.quantity, reference=key, at=now) for r in reservations]
        StockMovement.objects.bulk_create(movements)
    return reservations


def stock_release(*, key: str) -> int:
    """Gives back every unit `key` holds (expired or not); returns the number of units released. Idempotent."""
    errors: dict = {}
    check_key(key, errors)
    raise_if(errors)
    with transaction.atomic():
        variant_ids = Reservation.objects.filter(key=key).values_list("stock__variant_id", flat=True)
        lock_stocks(list(variant_ids))
        now = timezone.now()
        movements = _drop(Reservation.objects.filter(key=key), MovementKind.RELEASE, now=now)
        StockMovement.objects.bulk_create(movements)
    return sum(m.delta for m in movements)


def reservations_expire(*, now: datetime | None = None, batch: int = EXPIRE_BATCH) -> int:
    """Deletes reservations past `reserved_until`, writing an `expire` history row for each;
    returns how many were deleted. Expired reservations already stop counting against availability, so this
    is housekeeping: it runs in batches, each locking its stock rows in pk order like every other writer."""
    now = now or timezone.now()
    deleted = 0
    while True:
        with transaction.atomic():
            stock_ids = list(
                Reservation.objects.filter(reserved_until__lte=now).order_by("stock_id")
                .values_list("stock_id", flat=True).distinct()[:batch]
            )
            if not stock_ids:
                return deleted
            list(stock_for_update().filter(pk__in=stock_ids))
            expired = Reservation.objects.filter(stock_id__in=stock_ids, reserved_until__lte=now)
            movements = _drop(expired, MovementKind.EXPIRE, now=timezone.now())
            StockMovement.objects.bulk_create(movements)
            deleted += len(movements)


def _drop(reservations: QuerySet[Reservation], kind: str, *, now: datetime) -> list[StockMovement]:
    """Deletes the reservations and returns their history rows (each gives its units back: +quantity)."""
    rows = list(reservations.select_related("stock"))
    movements = [record(r.stock, kind, r.quantity, reference=r.key, at=now) for r in rows]
    if rows:
        Reservation.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return movements
