"""Shared pieces of the inventory services: input checks, the availability count under lock, history rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Sum
from django.utils.translation import gettext as _

from lapak.core.errors import ValidationFailed
from lapak.core.outbox.services import outbox_emit
from lapak.market.inventory.lock_objects import stock_for_update
from lapak.market.inventory.models import MAX_LINE_QUANTITY, Reservation, Stock, StockMovement

Line = tuple[Any, int]  # (catalog Variant, quantity)
# Emitted when units on the shelf or promised to orders change (not for short reservations): the catalogue's
# search index re-reads "in stock" for these variants' products.
SHELF_CHANGED_TOPIC = "inventory.shelf.changed"


def shelf_changed(variant_ids: Iterable[int]) -> None:
    """Record, in the caller's transaction, that these variants' shelf or allocated units changed."""
    ids = sorted({int(pk) for pk in variant_ids})
    if ids:
        outbox_emit(topic=SHELF_CHANGED_TOPIC, payload={"variants": ids})


def check_quantity(value: object, field: str, errors: dict, *, maximum: int = MAX_LINE_QUANTITY,
                   minimum: int = 1) -> int:
    # bool is an int subclass; True is not "1 unit".
    if not isinstance(value, int) or isinstance(value, bool):
        errors[field] = [_("Enter a whole number.")]
    elif value < minimum:
        errors[field] = [_("Must be at least %(min)d.") % {"min": minimum}]
    elif value > maximum:
        errors[field] = [_("Must be at most %(max)d.") % {"max": maximum}]
    return value  # type: ignore[return-value]


def check_key(key: object, errors: dict) -> None:
    if not isinstance(key, str) or not key.strip() or len(key) > 100:
        errors["key"] = [_("Give a non-empty key of at most 100 characters.")]


def check_lines(lines: Sequence[Line], errors: dict) -> dict[int, int]:
    """The requested units per variant pk (duplicates summed); unknown variants and bad quantities in `errors`."""
    wanted: dict[int, int] = defaultdict(int)
    if not lines:
        errors["lines"] = [_("Give at least one line.")]
        return wanted
    variant_model = apps.get_model("catalog", "Variant")
    given = {getattr(variant, "pk", None) for variant, _quantity in lines}
    known = set(variant_model.objects.filter(pk__in=[pk for pk in given if pk is not None]).values_list("pk",
                                                                                                        flat=True))
    for index, (variant, quantity) in enumerate(lines):
        pk = getattr(variant, "pk", None)
        if pk not in known:
            errors[f"lines.{index}.variant"] = [_("Unknown product variant.")]
        check_quantity(quantity, f"lines.{index}.quantity", errors)
        if pk in known and f"lines.{index}.quantity" not in errors:
            wanted[pk] += quantity
    for total in wanted.values():
        if total > MAX_LINE_QUANTITY:
            errors["lines"] = [_("At most %(max)d units of one item.") % {"max": MAX_LINE_QUANTITY}]
    return wanted


def raise_if(errors: dict) -> None:
    if errors:
        raise ValidationFailed(fields=errors)


def lock_stocks(variant_ids: Iterable[int]) -> list[Stock]:
    """Locks every stock row of the variants (active warehouses or not), in primary-key order."""
    return list(stock_for_update().filter(variant_id__in=sorted(set(variant_ids))))


def held_by_others(stocks: Sequence[Stock], *, key: str | None, now: datetime) -> dict[int, int]:
    """Units held per stock row by unexpired reservations of owners other than `key`. Call under the lock."""
    live = Reservation.objects.filter(stock__in=[s.pk for s in stocks], reserved_until__gt=now)
    if key is not None:
        live = live.exclude(key=key)
    return dict(live.values("stock_id").annotate(total=Sum("quantity")).values_list("stock_id", "total"))


def available(stock: Stock, held: dict[int, int]) -> int:
    # An adjustment may leave reservations above the shelf quantity; that reads as none left, not negative.
    return max(0, stock.quantity - stock.quantity_allocated - held.get(stock.pk, 0))


def record(stock: Stock, kind: str, delta: int, *, actor: str = "", reference: str = "",
           at: datetime | None = None) -> StockMovement:
    movement = StockMovement(stock=stock, kind=kind, delta=delta, quantity_after=stock.quantity,
                             actor=actor[:100], reference=reference[:100])
    if at is not None:
        movement.at = at
    return movement


def variant_label(variant_id: int, variants: dict[int, Any]) -> str:
    variant = variants.get(variant_id)
    return getattr(variant, "public_id", None) or str(variant_id)
