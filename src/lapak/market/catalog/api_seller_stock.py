"""`/api/v1/catalog/seller/{organisation_id}/warehouses|stock…`: pickup points, stock per warehouse, history.

Any member of the shop reads; owners and managers create warehouses and change stock (staff get 403);
outside the shop everything is 404. The inventory services take no actor to check, so the role is checked
here, before they run.
"""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from lapak.core.errors import NotFound, ValidationFailed
from lapak.market.catalog.api_common import READ_ERRORS, WRITE_ERRORS, E, shop_for_editor, shop_of
from lapak.market.catalog.api_schemas import StockAdjustIn, StockRestockIn, WarehouseIn
from lapak.market.catalog.api_schemas_seller import (
    MovementOut,
    StockOut,
    WarehouseOut,
    movement_out,
    stock_out,
    warehouse_out,
)
from lapak.market.catalog.models import Variant
from lapak.market.catalog.selectors import variant_for_seller
from lapak.market.inventory.selectors import stock_for_seller, stock_history, warehouses_for_seller
from lapak.market.inventory.services import stock_adjust, stock_restock, warehouse_create
from lapak.market.sellers.api_common import PageQuery, page_of, paginate
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import actor_label
from lapak.regions.selectors import region_by_code

router = Router(tags=["catalog: seller stock"])

SHOP = "/seller/{organisation_id}"


def _variant(request: HttpRequest, shop: SellerOrganisation, public_id: str) -> Variant | None:
    """The shop's variant with this id, or None (another shop's variant is unknown here, not a hint)."""
    try:
        variant = variant_for_seller(public_id=public_id, user=request.auth)
    except NotFound:
        return None
    return variant if variant.seller_id == shop.pk else None


@router.get(SHOP + "/warehouses", response={200: page_of(WarehouseOut), 422: E, **READ_ERRORS},
            summary="The shop's warehouses (pickup points), oldest first")
def warehouse_list(request: HttpRequest, organisation_id: str, page: Query[PageQuery]) -> dict:
    return paginate(warehouses_for_seller(organisation=shop_of(request, organisation_id)), page, warehouse_out)


@router.post(SHOP + "/warehouses", response={201: WarehouseOut, **WRITE_ERRORS},
             summary="Add a warehouse (owner or manager)",
             description="A pickup point on a village (kelurahan/desa) of the Kemendagri list, so shipping can "
                         "price from a real code; a five-digit postcode.")
def warehouse_create_endpoint(request: HttpRequest, organisation_id: str, payload: WarehouseIn) -> Status[dict]:
    shop = shop_for_editor(request, organisation_id)
    try:
        warehouse = warehouse_create(organisation=shop, name=payload.name, region=region_by_code(payload.region_code),
                                     street=payload.street, postcode=payload.postcode)
    except ValidationFailed as exc:  # the service's "region" is this API's "region_code"
        fields = {("region_code" if name == "region" else name): messages for name, messages in exc.fields.items()}
        raise ValidationFailed(exc.message, code=exc.code, fields=fields) from None
    return Status(201, warehouse_out(warehouse))


@router.get(SHOP + "/stock", response={200: page_of(StockOut), 422: E, **READ_ERRORS},
            summary="Stock per variant and warehouse",
            description="Shelf and allocated quantities of every stock row of the shop, by variant then warehouse.")
def stock_list(request: HttpRequest, organisation_id: str, page: Query[PageQuery],
               warehouse: str | None = Query(None, max_length=40, description="Only this warehouse."),
               variant: str | None = Query(None, max_length=40, description="Only this variant.")) -> dict:
    rows = stock_for_seller(organisation=shop_of(request, organisation_id)).select_related("variant__product")
    if warehouse:
        rows = rows.filter(warehouse__public_id=warehouse)
    if variant:
        rows = rows.filter(variant__public_id=variant)
    return paginate(rows, page, stock_out)


def _stock_target(request: HttpRequest, organisation_id: str, payload: StockRestockIn | StockAdjustIn) -> tuple:
    shop = shop_for_editor(request, organisation_id)
    warehouse = warehouses_for_seller(organisation=shop).filter(public_id=payload.warehouse).first()
    variant = _variant(request, shop, payload.variant)
    return variant, warehouse  # unknown ones are None: the service names each such field


@router.post(SHOP + "/stock/restock", response={200: StockOut, **WRITE_ERRORS},
             summary="Add units to a warehouse's shelf (owner or manager)",
             description="Goods arrived: `quantity` units are added (never beyond 10,000,000 in a row) and a "
                         "`restock` history row is written.")
def stock_restock_endpoint(request: HttpRequest, organisation_id: str, payload: StockRestockIn) -> dict:
    variant, warehouse = _stock_target(request, organisation_id, payload)
    stock = stock_restock(variant=variant, warehouse=warehouse, quantity=payload.quantity,
                          actor=actor_label(request.auth))
    return stock_out(stock)


@router.post(SHOP + "/stock/adjust", response={200: StockOut, **WRITE_ERRORS},
             summary="Set a warehouse's shelf quantity to a count (owner or manager)",
             description="After a stock count: the shelf becomes `quantity` (never below the units already "
                         "allocated to orders) and an `adjust` history row records the difference and `reason`.")
def stock_adjust_endpoint(request: HttpRequest, organisation_id: str, payload: StockAdjustIn) -> dict:
    variant, warehouse = _stock_target(request, organisation_id, payload)
    stock = stock_adjust(variant=variant, warehouse=warehouse, quantity=payload.quantity,
                         actor=actor_label(request.auth), reason=payload.reason)
    return stock_out(stock)


class HistoryOut(Schema):
    items: list[MovementOut] = Field(..., description="Newest first.")


@router.get(SHOP + "/stock/history", response={200: HistoryOut, 422: E, **READ_ERRORS},
            summary="Stock history: every restock, count, reservation, allocation and expiry, newest first")
def stock_history_endpoint(request: HttpRequest, organisation_id: str,
                           variant: str | None = Query(None, max_length=40, description="Only this variant."),
                           limit: int = Query(100, ge=1, le=500, description="How many movements, 1 to 500.")
                           ) -> dict:
    shop = shop_of(request, organisation_id)
    chosen = None
    if variant:
        chosen = _variant(request, shop, variant)
        if chosen is None:
            raise ValidationFailed(fields={"variant": [_("Unknown product variant.")]})
    movements = stock_history(organisation=shop, variant=chosen, limit=limit)
    prefetch_related_objects(movements, "stock__variant__product")  # one query, not one per row
    return {"items": [movement_out(m) for m in movements]}
