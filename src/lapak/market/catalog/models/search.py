"""The search index: one denormalised row per public listing, kept in step by the catalogue's writes.

The full-text part lives beside it, per database, created by migration 0002 rather than declared here:
on PostgreSQL a generated `tsv` column (the `indonesian` configuration, title weighted A, the rest D) with a
GIN index, and a trigram index on the title; on SQLite an FTS5 table `catalog_search_fts` over (title, text)
kept in step by triggers. The model holds what filters, facets, sorting and result cards need, so a search
never joins the catalogue's own tables.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    product = models.OneToOneField(
        "catalog.Product", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    public_id = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    # Category names (both languages) and the start of both descriptions, for matching only.
    text = models.TextField(default="", blank=True)
    category = models.ForeignKey("catalog.Category", on_delete=models.CASCADE, related_name="+", db_index=False)
    seller = models.ForeignKey(
        "sellers.SellerOrganisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    seller_name = models.CharField(max_length=80)
    seller_slug = models.CharField(max_length=90)
    province = models.CharField(max_length=2, blank=True, default="")
    price_min = models.BigIntegerField()
    price_max = models.BigIntegerField()
    is_local = models.BooleanField(default=False)
    is_umkm = models.BooleanField(default=False)
    halal = models.BooleanField(default=False)
    in_stock = models.BooleanField(default=False)
    sold_count = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField()
    thumbnail = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        # Browse pages filter by category and walk one sort order with a keyset: one index per order.
        indexes = [
            models.Index(fields=["category", "-published_at", "-product"], name="catalog_sd_cat_new"),
            models.Index(fields=["category", "price_min", "product"], name="catalog_sd_cat_price"),
            models.Index(fields=["category", "-sold_count", "-product"], name="catalog_sd_cat_sold"),
            models.Index(fields=["-published_at", "-product"], name="catalog_sd_new"),
            models.Index(fields=["price_min", "product"], name="catalog_sd_price"),
            models.Index(fields=["-sold_count", "-product"], name="catalog_sd_sold"),
            models.Index(fields=["seller"], name="catalog_sd_seller"),
        ]

    def __str__(self) -> str:
        return self.title
