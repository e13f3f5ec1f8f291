"""What the catalogue API accepts: product, variant, certificate, warehouse and stock inputs.

The schemas check type and shape only (numbers are strict: `"5"`, `5.0` and `true` are not whole numbers;
unknown fields are refused). Ranges and formats (price, weight, SKU, certificate numbers, the Indonesian
description) are the services' checks, which report every problem of a request at once, per field; the
ranges below are repeated in the schema for the documentation, not enforced twice.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from ninja import Field
from pydantic import StrictBool, StrictInt, StrictStr

from lapak.core.schemas import StrictSchema
from lapak.market.catalog.models.variants import DIMENSION_MAX_MM, PRICE_MAX, WEIGHT_MAX_GRAMS
from lapak.market.catalog.validation import FOB_MAX_USD_CENTS
from lapak.market.inventory.models import MAX_STOCK_QUANTITY


def _range(low: int, high: int) -> dict:
    return {"json_schema_extra": {"minimum": low, "maximum": high}}


Price = Annotated[StrictInt, Field(description="Whole rupiah.", examples=[75_000], **_range(1, PRICE_MAX))]
Grams = Annotated[StrictInt, Field(description="Shipping weight in grams.", **_range(1, WEIGHT_MAX_GRAMS))]
Millimetres = Annotated[StrictInt, Field(description="Packed size in millimetres.", **_range(1, DIMENSION_MAX_MM))]
Options = Annotated[dict[StrictStr, StrictStr], Field(
    description="Up to 5 option axes and this variant's value on each.", examples=[{"size": "M", "colour": "Merah"}])]


class ProductIn(StrictSchema):
    """A new draft listing. All problems are reported together, per field; nothing is saved unless all pass."""

    category: StrictStr = Field(..., max_length=80, description="A category slug (see `GET /catalog/categories`).",
                                examples=["pakaian"])
    title: StrictStr = Field(..., max_length=400, description="3 to 200 characters.",
                             examples=["Kaos Katun Lengan Pendek"])
    description_id: StrictStr | None = Field(
        None, max_length=40_000, description="In Bahasa Indonesia; required for shops in Indonesia. At most 20,000 "
                                             "characters.")
    description_en: StrictStr | None = Field(None, max_length=40_000, description="Optional English description.")
    origin: StrictStr | None = Field(
        None, max_length=30, description="domestic (default), imported_local or cross_border_direct.")
    origin_country: StrictStr | None = Field(
        None, max_length=10, description="ISO country code: ID for domestic products; required for imports.")
    hs_code: StrictStr | None = Field(None, max_length=20, description="8-digit HS code; required cross-border.")
    fob_value_usd_cents: StrictInt | None = Field(
        None, description="FOB value per item in US cents; required cross-border.", **_range(1, FOB_MAX_USD_CENTS))


class ProductPatchIn(StrictSchema):
    """Only the fields sent change. Changing category or origin data of an active listing asks the rules again."""

    category: StrictStr | None = Field(None, max_length=80)
    title: StrictStr | None = Field(None, max_length=400)
    description_id: StrictStr | None = Field(None, max_length=40_000)
    description_en: StrictStr | None = Field(None, max_length=40_000)
    origin: StrictStr | None = Field(None, max_length=30)
    origin_country: StrictStr | None = Field(None, max_length=10)
    hs_code: StrictStr | None = Field(None, max_length=20)
    fob_value_usd_cents: StrictInt | None = Field(None, **_range(1, FOB_MAX_USD_CENTS))


class VariantIn(StrictSchema):
    sku: StrictStr = Field(..., max_length=200, description="Unique within the shop: up to 64 letters, digits, "
                                                             "'.', '_', '/' or '-'.", examples=["KAOS-M-MERAH"])
    price: Price
    options: Options | None = None
    weight_grams: Grams
    length_mm: Millimetres
    width_mm: Millimetres
    height_mm: Millimetres
    is_active: StrictBool | None = Field(None, description="Offered to buyers (default true).")


class VariantPatchIn(StrictSchema):
    sku: StrictStr | None = Field(None, max_length=200)
    price: Price | None = None
    options: Options | None = None
    weight_grams: Grams | None = None
    length_mm: Millimetres | None = None
    width_mm: Millimetres | None = None
    height_mm: Millimetres | None = None
    is_active: StrictBool | None = None


class CertificateIn(StrictSchema):
    number: StrictStr = Field(..., max_length=120, description="As printed; checked against the kind's format.",
                              examples=["MD 123456789012"])
    issuer: StrictStr = Field("", max_length=200, description="Who issued it (at most 120 characters).")
    expires_on: date | None = Field(None, description="YYYY-MM-DD, in the future.")


class WarehouseIn(StrictSchema):
    name: StrictStr = Field(..., max_length=200, description="At most 80 characters.", examples=["Gudang Utama"])
    region_code: StrictStr = Field(..., max_length=20, description="The village's (kelurahan/desa) Kemendagri code.",
                                   examples=["31.71.01.1001"])
    street: StrictStr = Field(..., max_length=400, description="At most 200 characters.")
    postcode: StrictStr = Field(..., max_length=10, examples=["10110"])


class StockRestockIn(StrictSchema):
    warehouse: StrictStr = Field(..., max_length=40, description="A warehouse id of this shop.")
    variant: StrictStr = Field(..., max_length=40, description="A variant id of this shop's products.")
    quantity: StrictInt = Field(..., description="Units added to the shelf.", **_range(1, MAX_STOCK_QUANTITY))


class StockAdjustIn(StrictSchema):
    warehouse: StrictStr = Field(..., max_length=40, description="A warehouse id of this shop.")
    variant: StrictStr = Field(..., max_length=40, description="A variant id of this shop's products.")
    quantity: StrictInt = Field(..., description="The counted shelf quantity (not a difference); never below what "
                                                 "is allocated to orders.", **_range(0, MAX_STOCK_QUANTITY))
    reason: StrictStr = Field("", max_length=100, description="Why the count changed (kept in the history).")
