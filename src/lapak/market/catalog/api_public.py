"""`/api/v1/catalog/categories…` and `/catalog/products…`: what anyone may read, signed in or not.

Only public listings are ever shown here: active, of a verified seller, in an active category
(`selectors.products_public`). Anything else (a draft, a refused or paused listing, an unverified seller's
product) answers 404 exactly like an id that never existed.
"""

from __future__ import annotations

from collections import defaultdict

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from lapak.core.errors import NotFound
from lapak.market.catalog.api_common import E
from lapak.market.catalog.api_schemas_public import (
    CategoryNodeOut,
    CategoryOut,
    PublicProductOut,
    SearchPageOut,
    category_node,
    category_ref,
    public_product_out,
    search_page_out,
)
from lapak.market.catalog.models import Category
from lapak.market.catalog.search import search_products, search_query_from_params
from lapak.market.catalog.search.types import PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, SORTS
from lapak.market.catalog.selectors import categories_active, product_public_page
from lapak.market.inventory.selectors import variant_availability

router = Router(tags=["catalog: browse and search"])


def _active_tree() -> tuple[dict[int, Category], dict[int | None, list[Category]]]:
    """Every active category by pk (one query), and the active children of each, by parent pk."""
    categories = {c.pk: c for c in categories_active()}
    children: dict[int | None, list[Category]] = defaultdict(list)
    for category in categories.values():
        children[category.parent_id].append(category)
    return categories, children


def _subtree(category: Category, children: dict[int | None, list[Category]]) -> dict:
    return category_node(category, [_subtree(c, children) for c in children.get(category.pk, [])])


@router.get(
    "/categories", auth=None, response={200: list[CategoryNodeOut]},
    summary="The category tree",
    description="Active categories from the roots down, with names in Indonesian and English (`name` follows "
                "`Accept-Language`) and the certificates each category's products must hold.",
)
def category_tree(request: HttpRequest) -> list[dict]:
    _categories, children = _active_tree()
    # A child of an inactive parent is hidden with it: it is reached only through the tree.
    return [_subtree(root, children) for root in children.get(None, [])]


@router.get(
    "/categories/{slug}", auth=None, response={200: CategoryOut, 404: E},
    summary="One category, its sub-tree and its path from the root",
)
def category_detail(request: HttpRequest, slug: str) -> dict:
    categories, children = _active_tree()
    category = next((c for c in categories.values() if c.slug == slug), None)
    path = []
    node = category
    while node is not None and node.parent_id is not None:
        node = categories.get(node.parent_id)
        path.insert(0, node)
    if category is None or None in path:  # unknown, inactive, or under an inactive parent
        raise NotFound(_("There is no such category."), code="category_not_found")
    return {**_subtree(category, children), "path": [category_ref(c) for c in path]}


class SearchParams(Schema):
    """Documented here; parsed and checked by the search interface (`search_query_from_params`)."""

    q: str | None = Field(None, description="Words to find, in Bahasa Indonesia or English. Empty: browse.")
    category: str | None = Field(None, description="A category slug; its sub-categories are included.")
    price_min: str | None = Field(None, description="Whole rupiah, compared with the cheapest active variant.")
    price_max: str | None = Field(None, description="Whole rupiah.")
    province: str | None = Field(None, description="Two-digit province code of the seller's pickup address.")
    local: str | None = Field(None, description="`true`: made in Indonesia by a local seller.")
    umkm: str | None = Field(None, description="`true`: micro and small sellers (UMKM badge).")
    halal: str | None = Field(None, description="`true`: holds a halal certificate that has not expired.")
    in_stock: str | None = Field(None, description="`true`: only listings with units available.")
    sort: str | None = Field(None, description=f"One of {', '.join(SORTS)}; without `q`, relevance is newest.")
    after: str | None = Field(None, description="The previous page's `next_cursor`.")
    limit: str | None = Field(None, description=f"Page size, 1 to {PAGE_SIZE_MAX} (default {PAGE_SIZE_DEFAULT}).")


@router.get(
    "/products", auth=None, response={200: SearchPageOut, 422: E},
    summary="Search and browse public listings",
    description="Full-text search in Bahasa Indonesia (typos and prefixes forgiven) with filters, facet counts, "
                "sorting and keyset pagination: follow `next_cursor` with `after`. A malformed parameter is a "
                "422 naming it.",
)
def product_search(request: HttpRequest, params: Query[SearchParams]) -> dict:
    query = search_query_from_params(request.GET)
    return search_page_out(search_products(query))


@router.get(
    "/products/{product_id}", auth=None, response={200: PublicProductOut, 404: E},
    summary="One public listing",
    description="Its active variants with options, prices and availability, pictures, certificates, origin and "
                "seller. Only public listings: anything else is 404 `product_not_found`.",
)
def product_detail(request: HttpRequest, product_id: str) -> dict:
    page = product_public_page(public_id=product_id)
    availability = variant_availability(variant_ids=[v.pk for v in page.variants])
    return public_product_out(page, availability)
