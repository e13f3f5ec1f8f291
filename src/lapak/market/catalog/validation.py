"""Field checks for products and variants. Every problem is collected, then raised once with per-field messages."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.models import Category, Origin
from lapak.market.catalog.models.variants import DIMENSION_MAX_MM, PRICE_MAX, WEIGHT_MAX_GRAMS

PRODUCT_FIELDS = frozenset(
    {"category", "title", "description_id", "description_en", "origin", "origin_country", "hs_code",
     "fob_value_usd_cents"}
)
VARIANT_FIELDS = frozenset({"sku", "price", "options", "weight_grams", "length_mm", "width_mm", "height_mm",
                            "is_active"})
FOB_MAX_USD_CENTS = 100_000_000_000  # USD 1 billion per item: beyond any consignment we would carry
_SKU = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_HS = re.compile(r"\d{8}")


class Errors(dict):
    def add(self, field: str, message: object) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationFailed(fields=dict(self))


def _unknown(data: Mapping[str, Any], allowed: frozenset[str], errors: Errors) -> None:
    for name in data:
        if name not in allowed:
            errors.add(name, _("This field cannot be set here."))


def _int_in(errors: Errors, field: str, value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(field, _("Enter a whole number."))
        return None
    if value < low or value > high:
        errors.add(field, _("Enter a number from %(low)s to %(high)s.") % {"low": f"{low:,}", "high": f"{high:,}"})
        return None
    return value


def product_clean(data: Mapping[str, Any], *, jurisdiction: str, partial: bool) -> dict[str, Any]:
    """Check product fields (all of them unless `partial`) and return the values to store."""
    errors = Errors()
    _unknown(data, PRODUCT_FIELDS, errors)
    clean: dict[str, Any] = {}
    if "category" in data or not partial:
        category = data.get("category")
        if isinstance(category, str):
            category = Category.objects.filter(slug=category, is_active=True).first()
        if not isinstance(category, Category) or not category.is_active:
            errors.add("category", _("Choose a category from the list."))
        else:
            clean["category"] = category
    if "title" in data or not partial:
        title = " ".join(str(data.get("title") or "").split())
        if not 3 <= len(title) <= 200:
            errors.add("title", _("Enter a title of 3 to 200 characters."))
        clean["title"] = title
    for field in ("description_id", "description_en"):
        if field in data or (not partial and field == "description_id"):
            value = str(data.get(field) or "").strip()
            if len(value) > 20_000:
                errors.add(field, _("The description is too long (at most 20,000 characters)."))
            clean[field] = value
    if not partial and jurisdiction == "ID" and not clean.get("description_id"):
        errors.add("description_id", _("Write a description in Bahasa Indonesia."))
    if partial and "description_id" in clean and jurisdiction == "ID" and not clean["description_id"]:
        errors.add("description_id", _("Write a description in Bahasa Indonesia."))
    if "origin" in data or not partial:
        origin = data.get("origin", Origin.DOMESTIC)
        if origin not in Origin.values:
            errors.add("origin", _("Choose where the product comes from."))
        clean["origin"] = origin
    if "origin_country" in data:
        country = str(data.get("origin_country") or "").upper()
        if not _COUNTRY.fullmatch(country):
            errors.add("origin_country", _("Enter a two-letter country code such as ID or CN."))
        clean["origin_country"] = country
    if "hs_code" in data:
        hs = str(data.get("hs_code") or "").replace(".", "")
        if hs and not _HS.fullmatch(hs):
            errors.add("hs_code", _("Enter the 8-digit HS code."))
        clean["hs_code"] = hs
    if "fob_value_usd_cents" in data:
        fob = data.get("fob_value_usd_cents")
        clean["fob_value_usd_cents"] = None if fob is None else _int_in(errors, "fob_value_usd_cents", fob, 1,
                                                                        FOB_MAX_USD_CENTS)
    errors.raise_if_any()
    return clean


def product_origin_check(*, origin: str, origin_country: str, hs_code: str, fob: int | None) -> None:
    """The cross-field rules of origin, applied to the product's resulting state."""
    errors = Errors()
    if origin == Origin.DOMESTIC and origin_country != "ID":
        errors.add("origin_country", _("A product made in Indonesia has ID as its country of origin."))
    if origin != Origin.DOMESTIC and origin_country in ("ID", ""):
        errors.add("origin_country", _("Enter the country the product was imported from."))
    if origin == Origin.CROSS_BORDER_DIRECT:
        if not hs_code:
            errors.add("hs_code", _("Cross-border products need their 8-digit HS code."))
        if fob is None:
            errors.add("fob_value_usd_cents", _("Cross-border products need their FOB value in US dollars."))
    errors.raise_if_any()


def variant_clean(data: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    """Check variant fields (all of them unless `partial`) and return the values to store."""
    errors = Errors()
    _unknown(data, VARIANT_FIELDS, errors)
    clean: dict[str, Any] = {}
    if "sku" in data or not partial:
        sku = str(data.get("sku") or "").strip()
        if not _SKU.fullmatch(sku):
            errors.add("sku", _("Enter a SKU of up to 64 letters, digits, '.', '_', '/' or '-'."))
        clean["sku"] = sku
    if "price" in data or not partial:
        clean["price"] = _int_in(errors, "price", data.get("price"), 1, PRICE_MAX)
    if "weight_grams" in data or not partial:
        clean["weight_grams"] = _int_in(errors, "weight_grams", data.get("weight_grams"), 1, WEIGHT_MAX_GRAMS)
    for field in ("length_mm", "width_mm", "height_mm"):
        if field in data or not partial:
            clean[field] = _int_in(errors, field, data.get(field), 1, DIMENSION_MAX_MM)
    if "options" in data or not partial:
        options = data.get("options") or {}
        if not isinstance(options, dict) or len(options) > 5 or not all(
            isinstance(k, str) and isinstance(v, str) and 0 < len(k) <= 30 and 0 < len(v) <= 60
            for k, v in options.items()
        ):
            errors.add("options", _("Give up to 5 options, each a name and a value, such as size: M."))
        clean["options"] = options
    if "is_active" in data:
        if not isinstance(data["is_active"], bool):
            errors.add("is_active", _("Choose yes or no."))
        clean["is_active"] = data["is_active"]
    errors.raise_if_any()
    return clean
