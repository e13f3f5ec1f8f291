"""Keeping `SearchDocument` in step with the catalogue: one set-based statement for one product or a million.

A listing is in the index exactly when buyers may see it (`selectors.products_public`): active, of a verified
seller, in an active category, with at least one active variant. The statement is plain SQL that PostgreSQL
and SQLite both run; the full-text columns follow by themselves (a generated column, FTS5 triggers).
`sold_count` is left alone on update: the order side owns it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

_BATCH = 500

_PUBLIC_FROM = """
    FROM catalog_product p
    JOIN sellers_sellerorganisation o ON o.id = p.seller_id
    JOIN catalog_category c ON c.id = p.category_id
    LEFT JOIN catalog_category pc ON pc.id = c.parent_id
    JOIN (SELECT product_id, MIN(price) AS lo, MAX(price) AS hi FROM catalog_variant
          WHERE is_active {variant_filter} GROUP BY product_id) pr ON pr.product_id = p.id
    WHERE p.status = 'active' AND o.status = 'verified' AND c.is_active {product_filter}
"""

_UPSERT = """
INSERT INTO catalog_searchdocument (
    product_id, public_id, title, text, category_id, seller_id, seller_name, seller_slug, province,
    price_min, price_max, is_local, is_umkm, halal, in_stock, sold_count, published_at, thumbnail)
SELECT
    p.id, p.public_id, p.title,
    c.name_id || ' ' || c.name_en || ' ' || COALESCE(pc.name_id || ' ' || pc.name_en, '') || ' '
        || substr(p.description_id, 1, 600) || ' ' || substr(p.description_en, 1, 300),
    p.category_id, o.id, o.shop_name, o.shop_slug, COALESCE(substr(o.pickup_region_id, 1, 2), ''),
    pr.lo, pr.hi,
    (p.origin = 'domestic' AND o.seller_type IN ('individual', 'business')),
    (o.umkm_class IN ('micro', 'small', 'medium')),
    EXISTS (SELECT 1 FROM catalog_certificate h WHERE h.product_id = p.id AND h.kind = 'halal'
            AND (h.expires_on IS NULL OR h.expires_on >= %s)),
    EXISTS (SELECT 1 FROM catalog_variant v
            JOIN inventory_stock s ON s.variant_id = v.id
            JOIN inventory_warehouse w ON w.id = s.warehouse_id
            WHERE v.product_id = p.id AND v.is_active AND w.is_active AND s.quantity > s.quantity_allocated),
    0,
    COALESCE(p.published_at, p.created_at),
    COALESCE((SELECT i.thumbnail FROM catalog_productimage i WHERE i.product_id = p.id
              ORDER BY i.position, i.id LIMIT 1), '')
{public_from}
ON CONFLICT (product_id) DO UPDATE SET
    public_id = excluded.public_id, title = excluded.title, text = excluded.text,
    category_id = excluded.category_id, seller_id = excluded.seller_id, seller_name = excluded.seller_name,
    seller_slug = excluded.seller_slug, province = excluded.province, price_min = excluded.price_min,
    price_max = excluded.price_max, is_local = excluded.is_local, is_umkm = excluded.is_umkm,
    halal = excluded.halal, in_stock = excluded.in_stock, published_at = excluded.published_at,
    thumbnail = excluded.thumbnail
"""
# The SELECT always has a WHERE clause: SQLite needs one to tell ON CONFLICT from a join's ON.

# An anti-join (NOT EXISTS), not NOT IN: past a few hundred thousand listings PostgreSQL can no longer hash a
# NOT IN list in memory and would run the subquery once per index row.
_DELETE_HIDDEN = """
DELETE FROM catalog_searchdocument WHERE {doc_filter} NOT EXISTS (
    SELECT 1 FROM catalog_product p
    JOIN sellers_sellerorganisation o ON o.id = p.seller_id
    JOIN catalog_category c ON c.id = p.category_id
    WHERE p.id = catalog_searchdocument.product_id AND p.status = 'active' AND o.status = 'verified' AND c.is_active
      AND EXISTS (SELECT 1 FROM catalog_variant v WHERE v.product_id = p.id AND v.is_active))
"""


def _statements(ids: list[int] | None) -> list[tuple[str, list]]:
    today = timezone.localdate()
    if ids is None:
        public_from = _PUBLIC_FROM.format(variant_filter="", product_filter="")
        upsert = _UPSERT.format(public_from=public_from)
        return [(upsert, [today]), (_DELETE_HIDDEN.format(doc_filter=""), [])]
    marks = ", ".join(["%s"] * len(ids))
    public_from = _PUBLIC_FROM.format(variant_filter=f"AND product_id IN ({marks})",
                                      product_filter=f"AND p.id IN ({marks})")
    upsert = _UPSERT.format(public_from=public_from)
    delete = _DELETE_HIDDEN.format(doc_filter=f"product_id IN ({marks}) AND")
    return [(upsert, [today, *ids, *ids]), (delete, ids)]


def search_documents_refresh(*, product_ids: Iterable[int]) -> None:
    """Bring the index rows of these products in line with the catalogue: add, update or remove each.

    Runs in the caller's transaction when there is one, so an index row never shows a write that rolled back.
    """
    ids = sorted({int(pk) for pk in product_ids})
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), _BATCH):
            for sql, params in _statements(ids[start:start + _BATCH]):
                cursor.execute(sql, params)
        _forget_product_pages(ids)


def _forget_product_pages(ids: list[int]) -> None:
    # Every catalogue write passes here, so this is where cached product pages are dropped: now, and again
    # after commit, so a reader between the two cannot put the old page back for long.
    if not ids or settings.PRODUCT_PAGE_CACHE_SECONDS <= 0:
        return
    from lapak.market.catalog.models import Product
    from lapak.market.catalog.selectors import product_page_cache_key

    keys = [product_page_cache_key(p) for p in Product.objects.filter(pk__in=ids).values_list("public_id", flat=True)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def search_documents_refresh_seller(*, seller_id: int) -> None:
    """Refresh every product of one seller (after the shop was verified, closed or moved)."""
    from lapak.market.catalog.models import Product

    search_documents_refresh(product_ids=Product.objects.filter(seller_id=seller_id).values_list("pk", flat=True))


def search_documents_rebuild() -> int:
    """Re-index every public listing and drop every other row, in one transaction; returns the row count.

    For bulk loads (demo data, restores) where refreshing product by product would take hours.
    """
    from lapak.market.catalog.models import SearchDocument

    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in _statements(None):
            cursor.execute(sql, params)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalog_searchdocument")
    return SearchDocument.objects.count()
