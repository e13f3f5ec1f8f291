"""Facet counts and their labels: categories (rolled up the tree), provinces, and the yes/no badges."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lapak.market.catalog.search.types import FacetValue

BADGES = ("local", "umkm", "halal", "in_stock")


@dataclass(frozen=True)
class CategoryNode:
    id: int
    slug: str
    name_id: str
    name_en: str
    parent_id: int | None

    def name(self) -> str:
        return self.name_id if (get_language() or "id").startswith("id") else self.name_en


def cached(key: str, build: object, *, factor: int = 1) -> object:
    """`build()` through the cache for SEARCH_CACHE_SECONDS × factor (not at all when that is 0)."""
    seconds = settings.SEARCH_CACHE_SECONDS * factor
    if seconds <= 0:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    return value


def category_tree() -> dict[int, CategoryNode]:
    """Every active category by id (a few hundred rows at most: read whole, cached)."""
    from lapak.market.catalog.models import Category

    def build() -> dict[int, CategoryNode]:
        rows = Category.objects.filter(is_active=True).values_list("id", "slug", "name_id", "name_en", "parent_id")
        return {row[0]: CategoryNode(*row) for row in rows}

    return cached("catalog:search:categories", build, factor=5)


def category_by_slug(slug: str) -> CategoryNode | None:
    return next((node for node in category_tree().values() if node.slug == slug), None)


def category_and_descendants(node_id: int) -> list[int]:
    tree = category_tree()
    children: dict[int | None, list[int]] = {}
    for node in tree.values():
        children.setdefault(node.parent_id, []).append(node.id)
    found, stack = [], [node_id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return sorted(found)


def province_names() -> dict[str, str]:
    from lapak.regions.models import Region

    def build() -> dict[str, str]:
        return dict(Region.objects.filter(level=1).values_list("code", "name"))

    return cached("catalog:search:provinces", build, factor=60)


def _category_facet(counts: Counter, selected: int | None) -> list[FacetValue]:
    """Counts per child of the selected category (or per top-level category), summed over their subtrees."""
    tree = category_tree()
    rolled: Counter = Counter()
    for category_id, count in counts.items():
        node = tree.get(category_id)
        while node is not None and node.parent_id != selected:
            node = tree.get(node.parent_id) if node.parent_id is not None else None
        if node is not None:
            rolled[node.id] += count
    values = [FacetValue(tree[pk].slug, tree[pk].name(), n) for pk, n in rolled.items()]
    return sorted(values, key=lambda v: (-v.count, v.label))


def facets_build(rows: Iterable[tuple[int, str, bool, bool, bool, bool, int]], *, selected_category: int | None,
                 province_labels: dict[str, str] | None = None) -> dict[str, list[FacetValue]]:
    """Facets from (category_id, province, local, umkm, halal, in_stock, count) groups; province names are
    looked up unless given."""
    categories: Counter = Counter()
    provinces: Counter = Counter()
    badges: Counter = Counter()
    for category_id, province, *flags, count in rows:
        categories[category_id] += count
        if province:
            provinces[province] += count
        for name, flag in zip(BADGES, flags, strict=True):
            if flag:
                badges[name] += count
    names = province_labels if province_labels is not None else province_names()
    labels = {"local": _("Made in Indonesia by a local seller"), "umkm": _("UMKM seller"),
              "halal": _("Halal certified"), "in_stock": _("In stock")}
    result = {
        "category": _category_facet(categories, selected_category),
        "province": sorted((FacetValue(code, names.get(code, code), n) for code, n in provinces.items()),
                           key=lambda v: (-v.count, v.label)),
    }
    for name in BADGES:
        result[name] = [FacetValue("true", labels[name], badges[name])] if badges[name] else []
    return result
