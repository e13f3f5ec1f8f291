"""What a shop's members read from the catalogue API: its products in every state, warehouses, stock, history."""

from __future__ import annotations

from datetime import datetime

from django.core.files.storage import default_storage
from ninja import Field, Schema

from lapak.market.catalog.api_schemas_public import (
    CategoryRef,
    CertificateOut,
    ImageOut,
    OriginOut,
    category_ref,
    certificate_out,
    image_out,
    origin_out,
)
from lapak.market.catalog.models import Product, Variant
from lapak.market.catalog.services import listing_required_certificates_missing
from lapak.market.catalog.transitions import SELLER, allowed_targets
from lapak.market.inventory.models import Stock, StockMovement, Warehouse
from lapak.market.sellers.api_common import language

# The seller's steps, named as the endpoints that take them (target state -> action).
SELLER_ACTIONS = {"submitted": "submit", "paused": "pause", "active": "resume", "removed": "remove",
                  "draft": "reopen"}


class RefusalReasonOut(Schema):
    rule_id: str
    message: str = Field(..., description="In the request's language.")


class SellerOriginOut(OriginOut):
    hs_code: str
    fob_value_usd_cents: int | None


class SellerVariantOut(Schema):
    id: str = Field(..., examples=["var_01JD3Q6Y8W9M2K4N7P5R0S1T2V"])
    sku: str
    price: int = Field(..., description="Whole rupiah.")
    options: dict[str, str]
    weight_grams: int
    length_mm: int
    width_mm: int
    height_mm: int
    is_active: bool
    available: int = Field(..., description="Units buyers can get now, over the shop's active warehouses.")


class SellerProductOut(Schema):
    id: str = Field(..., examples=["prd_01JD3Q6Y8W9M2K4N7P5R0S1T2V"])
    status: str = Field(..., description="draft, submitted, active, refused, paused or removed.")
    status_label: str
    refusal_reasons: list[RefusalReasonOut]
    allowed_actions: list[str] = Field(
        ..., description="Steps an owner or manager may take now: submit, pause, resume, remove, reopen.")
    title: str
    description_id: str
    description_en: str
    category: CategoryRef
    origin: SellerOriginOut
    variants: list[SellerVariantOut] = Field(..., description="All variants, inactive ones too.")
    images: list[ImageOut]
    certificates: list[CertificateOut]
    missing_certificates: list[str] = Field(
        ..., description="Kinds the category requires that are missing or expired (submission needs them).")
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ProductSummaryOut(Schema):
    id: str
    title: str
    status: str
    status_label: str
    category: str = Field(..., description="Category slug.")
    price_min: int | None
    price_max: int | None
    variant_count: int
    thumbnail_url: str | None
    updated_at: datetime


def _reasons(stored: list[dict]) -> list[dict]:
    key = "message_id" if language() == "id" else "message_en"
    return [{"rule_id": r.get("rule_id", ""), "message": r.get(key, "")} for r in stored]


def variant_out(variant: Variant, available: int) -> dict:
    return {"id": variant.public_id, "sku": variant.sku, "price": variant.price, "options": variant.options,
            "weight_grams": variant.weight_grams, "length_mm": variant.length_mm, "width_mm": variant.width_mm,
            "height_mm": variant.height_mm, "is_active": variant.is_active, "available": available}


def seller_product_out(product: Product, *, availability: dict[int, int], can_edit: bool) -> dict:
    actions = [SELLER_ACTIONS[t] for t in allowed_targets(product.status, SELLER)] if can_edit else []
    return {
        "id": product.public_id, "status": product.status, "status_label": str(product.get_status_display()),
        "refusal_reasons": _reasons(product.refusal_reasons), "allowed_actions": actions, "title": product.title,
        "description_id": product.description_id, "description_en": product.description_en,
        "category": category_ref(product.category),
        "origin": {**origin_out(product), "hs_code": product.hs_code,
                   "fob_value_usd_cents": product.fob_value_usd_cents},
        "variants": [variant_out(v, availability.get(v.pk, 0)) for v in product.variants.all()],
        "images": [image_out(i) for i in product.images.all()],
        "certificates": [certificate_out(c) for c in product.certificates.order_by("kind")],
        "missing_certificates": listing_required_certificates_missing(product),
        "published_at": product.published_at, "created_at": product.created_at, "updated_at": product.updated_at,
    }


def product_summary_out(product: Product) -> dict:
    variants = list(product.variants.all())  # prefetched by the list endpoint
    prices = [v.price for v in variants if v.is_active]
    images = list(product.images.all())
    return {
        "id": product.public_id, "title": product.title, "status": product.status,
        "status_label": str(product.get_status_display()), "category": product.category.slug,
        "price_min": min(prices, default=None), "price_max": max(prices, default=None),
        "variant_count": len(variants),
        "thumbnail_url": default_storage.url(images[0].thumbnail.name) if images else None,
        "updated_at": product.updated_at,
    }


# --- Warehouses and stock ------------------------------------------------------------------------------


class WarehouseOut(Schema):
    id: str = Field(..., examples=["wh_01JD3Q6Y8W9M2K4N7P5R0S1T2V"])
    name: str
    region_code: str
    region_name: str
    street: str
    postcode: str
    is_active: bool
    created_at: datetime


class Ref(Schema):
    id: str
    name: str


class VariantRef(Schema):
    id: str
    sku: str
    product_id: str


class StockOut(Schema):
    warehouse: Ref
    variant: VariantRef
    quantity: int = Field(..., description="On the shelf.")
    quantity_allocated: int = Field(..., description="Promised to placed orders.")


class MovementOut(Schema):
    at: datetime
    kind: str = Field(..., description="restock, adjust, reserve, release, allocate, deallocate or expire.")
    kind_label: str
    delta: int = Field(..., description="Change in units available to buyers.")
    quantity_after: int = Field(..., description="Shelf quantity after the movement.")
    warehouse: Ref
    variant: VariantRef
    actor: str
    reference: str


def warehouse_out(warehouse: Warehouse) -> dict:
    return {"id": warehouse.public_id, "name": warehouse.name, "region_code": warehouse.region.code,
            "region_name": warehouse.region.name, "street": warehouse.street, "postcode": warehouse.postcode,
            "is_active": warehouse.is_active, "created_at": warehouse.created_at}


def _variant_ref(variant: Variant) -> dict:
    return {"id": variant.public_id, "sku": variant.sku, "product_id": variant.product.public_id}


def stock_out(stock: Stock) -> dict:
    return {"warehouse": {"id": stock.warehouse.public_id, "name": stock.warehouse.name},
            "variant": _variant_ref(stock.variant), "quantity": stock.quantity,
            "quantity_allocated": stock.quantity_allocated}


def movement_out(movement: StockMovement) -> dict:
    stock = movement.stock
    return {"at": movement.at, "kind": movement.kind, "kind_label": str(movement.get_kind_display()),
            "delta": movement.delta, "quantity_after": movement.quantity_after,
            "warehouse": {"id": stock.warehouse.public_id, "name": stock.warehouse.name},
            "variant": _variant_ref(stock.variant), "actor": movement.actor, "reference": movement.reference}
