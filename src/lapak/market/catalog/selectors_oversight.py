"""Catalogue facts for the regulator's oversight portal: the top-level category of every category, the origin
labels, and which sellers have listings on sale. Counts and codes only."""

from __future__ import annotations

from collections.abc import Iterable

from lapak.market.catalog.models import Category, ListingStatus, Origin, Product


def top_level_categories() -> dict[int, dict[str, str]]:
    """Every category id (at any depth) mapped to its top-level ancestor: {"slug", "name_id", "name_en"}."""
    rows = {row["id"]: row for row in Category.objects.values("id", "parent_id", "slug", "name_id", "name_en")}
    out: dict[int, dict[str, str]] = {}
    for category_id in rows:
        top, seen = rows[category_id], {category_id}
        while top["parent_id"] is not None and top["parent_id"] in rows and top["parent_id"] not in seen:
            seen.add(top["parent_id"])
            top = rows[top["parent_id"]]
        out[category_id] = {"slug": top["slug"], "name_id": top["name_id"], "name_en": top["name_en"]}
    return out


def origin_labels() -> dict[str, str]:
    """Origin code -> its (translatable) label: domestic, imported by a local seller, cross-border direct."""
    return {str(value): label for value, label in Origin.choices}


def sellers_with_active_listings(*, seller_ids: Iterable[int] | None = None) -> set[int]:
    """Ids of the seller organisations (optionally among `seller_ids`) with at least one listing on sale now."""
    rows = Product.objects.filter(status=ListingStatus.ACTIVE)
    if seller_ids is not None:
        rows = rows.filter(seller_id__in=list(seller_ids))
    return set(rows.values_list("seller_id", flat=True).distinct())


def active_listing_count(*, seller_ids: Iterable[int]) -> int:
    """How many listings of these sellers are on sale now."""
    return Product.objects.filter(status=ListingStatus.ACTIVE, seller_id__in=list(seller_ids)).count()
