"""Seller-side stock writes: warehouses, restocking and absolute adjustments."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lapak.market.inventory.lock_objects import stock_for_update
from lapak.market.inventory.models import MAX_STOCK_QUANTITY, MovementKind, Stock, Warehouse
from lapak.market.inventory.services._common import check_quantity, raise_if, record, shelf_changed

VILLAGE_LEVEL = 4


def warehouse_create(*, organisation: Any, name: str, region: Any, street: str, postcode: str) -> Warehouse:
    """Creates a pickup point of the seller on a village (kelurahan/desa) of the Kemendagri list."""
    errors: dict = {}
    name, street, postcode = (name or "").strip(), (street or "").strip(), (postcode or "").strip()
    if not name or len(name) > 80:
        errors["name"] = [_("Give a name of at most 80 characters.")]
    if region is None or getattr(region, "level", None) != VILLAGE_LEVEL:
        errors["region"] = [_("Choose a village (kelurahan or desa).")]
    if not street or len(street) > 200:
        errors["street"] = [_("Give the street address (at most 200 characters).")]
    if len(postcode) != 5 or not postcode.isascii() or not postcode.isdigit():
        errors["postcode"] = [_("A postcode has five digits.")]
    raise_if(errors)
    return Warehouse.objects.create(organisation=organisation, name=name, region=region, street=street,
                                    postcode=postcode)


def _checked(variant: Any, warehouse: Any, quantity: object, *, minimum: int) -> None:
    errors: dict = {}
    if getattr(variant, "pk", None) is None:
        errors["variant"] = [_("Unknown product variant.")]
    if not isinstance(warehouse, Warehouse) or warehouse.pk is None:
        errors["warehouse"] = [_("Unknown warehouse.")]
    elif "variant" not in errors and getattr(variant, "seller_id", None) != warehouse.organisation_id:
        errors["warehouse"] = [_("This warehouse belongs to another seller.")]
    check_quantity(quantity, "quantity", errors, minimum=minimum, maximum=MAX_STOCK_QUANTITY)
    raise_if(errors)


def _locked_stock(variant: Any, warehouse: Warehouse) -> Stock:
    try:
        with transaction.atomic():
            Stock.objects.get_or_create(variant_id=variant.pk, warehouse=warehouse)
    except IntegrityError:
        pass  # created concurrently by another writer: lock that row below
    return stock_for_update().get(variant_id=variant.pk, warehouse=warehouse)


def stock_restock(*, variant: Any, warehouse: Warehouse, quantity: int, actor: str) -> Stock:
    """Adds `quantity` units to the shelf of `warehouse` (the seller's own) under the row lock, never
    beyond the maximum a stock row may hold; writes a `restock` history row."""
    _checked(variant, warehouse, quantity, minimum=1)
    with transaction.atomic():
        stock = _locked_stock(variant, warehouse)
        if stock.quantity + quantity > MAX_STOCK_QUANTITY:
            raise_if({"quantity": [_("Must be at most %(max)d.") % {"max": MAX_STOCK_QUANTITY - stock.quantity}]})
        stock.quantity += quantity
        stock.save(update_fields=["quantity"])
        record(stock, MovementKind.RESTOCK, quantity, actor=actor).save()
        shelf_changed([stock.variant_id])
    return stock


def stock_adjust(*, variant: Any, warehouse: Warehouse, quantity: int, actor: str, reason: str = "") -> Stock:
    """Sets the shelf quantity to `quantity` (a stock count), never below what is allocated to orders;
    writes an `adjust` history row with the difference."""
    _checked(variant, warehouse, quantity, minimum=0)
    with transaction.atomic():
        stock = _locked_stock(variant, warehouse)
        if quantity < stock.quantity_allocated:
            message = _("%(n)d units are already allocated to orders.") % {"n": stock.quantity_allocated}
            raise_if({"quantity": [message]})
        delta = quantity - stock.quantity
        stock.quantity = quantity
        stock.save(update_fields=["quantity"])
        record(stock, MovementKind.ADJUST, delta, actor=actor, reference=reason).save()
        shelf_changed([stock.variant_id])
    return stock
