"""Test helpers: catalogue rows made directly (the figure reads, it never writes), and reading the figure as a
given reader through the portal's own selector."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from lapak.oversight.figures.base import FIGURES
from lapak.oversight.params import figure_query
from lapak.oversight.pricing.figures import KEY
from lapak.oversight.pricing.rollup import PriceRefresh, price_rollup_refresh
from lapak.oversight.pricing.selectors import legal_request_named_sellers
from lapak.oversight.privacy import apply_suppression

_serial = count(1)


class Catalogue:
    """Categories, sellers and active listings with one variant each, made as rows."""

    def category(self, slug: str):
        from lapak.market.catalog.models import Category

        return Category.objects.create(slug=slug, name_id=f"Kategori {slug}", name_en=f"Category {slug}")

    def seller(self, *, jurisdiction: str = "ID", name: str | None = None):
        from lapak.market.sellers.models import SellerOrganisation

        n = next(_serial)
        return SellerOrganisation.objects.create(
            seller_type="business", jurisdiction=jurisdiction, status="verified", shop_name=name or f"Toko Nomor {n}",
            shop_slug=f"toko-nomor-{n}")

    def listing(self, seller, category, price: int, *, origin: str = "domestic", country: str = "ID",
                status: str = "active", title: str | None = None, hs_code: str = ""):
        from lapak.market.catalog.models import Product, Variant

        n = next(_serial)
        product = Product.objects.create(seller=seller, category=category, title=title or f"Barang {n}",
                                         origin=origin, origin_country=country, status=status, hs_code=hs_code)
        Variant.objects.create(product=product, seller=seller, sku=f"SKU-{n}", price=price, weight_grams=100,
                               length_mm=10, width_mm=10, height_mm=10)
        return product

    def listings(self, category, prices: list[int], *, jurisdiction: str = "ID") -> list:
        """One listing per price, each from a seller of its own."""
        return [self.listing(self.seller(jurisdiction=jurisdiction), category, price) for price in prices]


def refresh() -> PriceRefresh:
    """Fold in everything written so far (tests do not wait out the rollup's two-minute lag)."""
    return price_rollup_refresh(until=timezone.now())


def read(user, *, source: str = "rollup", jurisdiction: str = "ID", names: bool = True):
    """The figure as `user` sees it: the validated query, with the sellers a legal request lets them see named
    (as `figure_read` passes them), computed and made private like every figure."""
    figure = FIGURES[KEY]
    query = figure_query(figure, {"jurisdiction": jurisdiction, "source": source}, user=user)
    if names:
        query = replace(query, names_allowed=legal_request_named_sellers(user=user, jurisdiction=query.jurisdiction))
    return apply_suppression(figure.compute(query))


def as_text(table) -> str:
    return json.dumps({"rows": table.rows, "headline": [[str(a), b] for a, b in table.headline]}, default=str)


def usd_rate(idr_per_unit: str = "16250") -> Decimal:
    """One USD rate in force today (any loaded ones removed, so the floor is known)."""
    from lapak.compliance.models import ExchangeRate

    ExchangeRate.objects.filter(currency="USD").delete()
    today = date.today()
    ExchangeRate.objects.create(currency="USD", idr_per_unit=Decimal(idr_per_unit), valid_from=today - timedelta(3),
                                valid_until=today + timedelta(3), source="KMK test", created_by="test")
    return Decimal(idr_per_unit)
