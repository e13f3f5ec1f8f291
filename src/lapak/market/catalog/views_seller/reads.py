"""Reads the seller pages need beyond the domain selectors: counts, keyset pages, warehouses.

Every function takes the shop already found through `shop_for` (membership checked) and reads only its rows.
Candidates to move into `catalog.selectors` / `inventory.selectors` if another caller needs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, QuerySet

from lapak.market.catalog.models import ListingStatus, Product, Variant
from lapak.market.catalog.selectors import products_for_seller
from lapak.market.inventory.models import Warehouse
from lapak.market.sellers.models import SellerOrganisation

PAGE_SIZE = 25


@dataclass(frozen=True)
class KeysetPage:
    rows: list
    next_after: str  # public id to continue after; "" on the last page


def _after_pk(queryset: QuerySet, after: str) -> int | None:
    if not after or len(after) > 40:
        return None
    return queryset.filter(public_id=after).values_list("pk", flat=True).first()


def product_page(*, organisation: SellerOrganisation, user: object, status: str, after: str) -> KeysetPage:
    """The shop's products, newest first, `PAGE_SIZE` at a time, with variant counts and price ranges."""
    products = products_for_seller(seller=organisation, user=user, status=status or None)
    start = _after_pk(products, after)
    if start is not None:
        products = products.filter(pk__lt=start)
    rows = list(products.order_by("-pk").annotate(
        variant_count=Count("variants"), price_min=Min("variants__price", filter=Q(variants__is_active=True)),
        price_max=Max("variants__price", filter=Q(variants__is_active=True)),
    )[:PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return KeysetPage(rows=rows, next_after=rows[-1].public_id if more else "")


def status_counts(*, organisation: SellerOrganisation) -> dict[str, int]:
    counts = dict.fromkeys(ListingStatus.values, 0)
    rows = Product.objects.filter(seller=organisation).order_by().values("status").annotate(n=Count("pk"))
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def variant_page(*, organisation: SellerOrganisation, search: str, after: str,
                 size: int = PAGE_SIZE) -> KeysetPage:
    """The shop's variants (of products not removed), oldest first, optionally those whose SKU or product title
    contains `search`."""
    variants = (Variant.objects.filter(seller=organisation).exclude(product__status=ListingStatus.REMOVED)
                .select_related("product"))
    if search:
        variants = variants.filter(Q(sku__icontains=search) | Q(product__title__icontains=search))
    start = _after_pk(variants, after)
    if start is not None:
        variants = variants.filter(pk__gt=start)
    rows = list(variants.order_by("pk")[:size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return KeysetPage(rows=rows, next_after=rows[-1].public_id if more else "")


def warehouses_of(*, organisation: SellerOrganisation) -> QuerySet[Warehouse]:
    return Warehouse.objects.filter(organisation=organisation).select_related("region").order_by("created_at", "pk")


def variant_of(*, organisation: SellerOrganisation, public_id: str) -> Variant | None:
    if not public_id or len(public_id) > 40:
        return None
    return Variant.objects.filter(seller=organisation, public_id=public_id).select_related("product").first()


def warehouse_of(*, organisation: SellerOrganisation, public_id: str) -> Warehouse | None:
    return warehouses_of(organisation=organisation).filter(public_id=public_id).first() if public_id else None
