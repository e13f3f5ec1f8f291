"""Dimension columns of the sellers and sales figures: each coded dimension shown with its code and its name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lapak.market.catalog.selectors_oversight import origin_labels, top_level_categories
from lapak.market.sellers.selectors.oversight import organisation_labels
from lapak.oversight.figures.base import Column
from lapak.oversight.sales.cells import month_label, province_names

DIMENSIONS = {
    "month": _("Month"),
    "status": _("Verification state"),
    "seller_type": _("Seller type"),
    "province": _("Seller's province"),
    "buyer_province": _("Buyer's province"),
    "umkm_class": _("UMKM class"),
    "category": _("Category"),
    "origin": _("Origin"),
}
CODE_LABELS = {
    "status": _("Verification state (code)"),
    "seller_type": _("Seller type (code)"),
    "province": _("Seller's province (code)"),
    "buyer_province": _("Buyer's province (code)"),
    "umkm_class": _("UMKM class (code)"),
    "category": _("Category (code)"),
    "origin": _("Origin (code)"),
}
BLANK = {
    "province": _("Unknown"),
    "buyer_province": _("Unknown"),
    "umkm_class": _("Not declared"),
    "category": _("Uncategorised"),
}


def dimension_columns(by: Iterable[str]) -> list[Column]:
    columns = []
    for name in by:
        if name == "month":
            columns.append(Column("month", DIMENSIONS["month"], "date"))
        else:
            columns += [Column(name, CODE_LABELS[name], "dimension"), Column(f"{name}_name", DIMENSIONS[name], "text")]
    return columns


def _category_names() -> dict[str, str]:
    english = not (translation.get_language() or "en").startswith("id")
    return {top["slug"]: top["name_en"] if english else top["name_id"] for top in top_level_categories().values()}


_NAMES: dict[str, Callable[[], dict[str, Any]]] = {
    "status": lambda: organisation_labels()["status"],
    "seller_type": lambda: organisation_labels()["seller_type"],
    "umkm_class": lambda: organisation_labels()["umkm_class"],
    "province": province_names,
    "buyer_province": province_names,
    "category": _category_names,
    "origin": origin_labels,
}


def labelled(rows: list[dict[str, Any]], by: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows sorted by their dimension values, months written YYYY-MM, each coded dimension followed by its name."""
    rows = sorted(rows, key=lambda row: tuple(row[name] for name in by))
    names = {name: _NAMES[name]() for name in by if name in _NAMES}
    out = []
    for row in rows:
        item: dict[str, Any] = {}
        for name in by:
            value = row[name]
            if isinstance(value, date):
                item[name] = month_label(value)
                continue
            item[name] = value
            item[f"{name}_name"] = str(names[name].get(value) or BLANK.get(name) or value or "—")
        item.update({key: value for key, value in row.items() if key not in by})
        out.append(item)
    return out
