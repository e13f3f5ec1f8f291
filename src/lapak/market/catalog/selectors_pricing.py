"""Catalogue reads for the regulator's price-dumping signals (oversight): each active listing's lowest price, which
listings changed since a moment, and the public facts shown for a flagged listing. Never a person's data: the
seller appears by organisation id only (the oversight package turns it into a pseudonym), and a shop name is read
only for the sellers a recorded legal request names."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Min, Q, QuerySet

from lapak.market.catalog.models import ListingStatus, Origin, Product, Variant
from lapak.market.sellers.models import SellerOrganisation

CHUNK = 2000
IMPORTED_ORIGINS = frozenset({Origin.IMPORTED_LOCAL.value, Origin.CROSS_BORDER_DIRECT.value})
ORIGIN_LABELS = dict(Origin.choices)


@dataclass(frozen=True)
class ListingPrice:
    """A listing (internal product pk) and its lowest active variant price; `price` is None when the listing is
    not active or has no active variant (it then takes part in no comparison)."""

    product_id: int
    jurisdiction: str
    category_id: int
    price: int | None


def _priced(products: Iterable[dict]) -> Iterator[ListingPrice]:
    for row in products:
        live = row["status"] == ListingStatus.ACTIVE and row["price"] is not None
        yield ListingPrice(row["pk"], row["jurisdiction"], row["category_id"], row["price"] if live else None)


def _with_price(products: QuerySet[Product]) -> QuerySet:
    return (products.values("pk", "status", "category_id", jurisdiction=F("seller__jurisdiction"))
            .annotate(price=Min("variants__price", filter=Q(variants__is_active=True))).order_by("pk"))


def active_listing_prices(*, jurisdiction: str) -> list[ListingPrice]:
    """Every active listing of the jurisdiction (its seller's) with its lowest active variant price; listings
    without an active variant are left out. One grouped query."""
    products = Product.objects.filter(status=ListingStatus.ACTIVE, seller__jurisdiction=jurisdiction)
    return [row for row in _priced(_with_price(products)) if row.price is not None]


def listing_prices_changed(*, after: datetime | None, until: datetime) -> list[ListingPrice]:
    """Listings whose product or any variant was stamped (`updated_at`) in (after, until], with their state now.
    With `after` None: every active listing (the first fold). Inactive ones come back with price None, so the
    caller can drop them from what it compares."""
    if after is None:
        ids = set(Product.objects.filter(status=ListingStatus.ACTIVE, updated_at__lte=until)
                  .values_list("pk", flat=True))
    else:
        ids = set(Product.objects.filter(updated_at__gt=after, updated_at__lte=until).values_list("pk", flat=True))
        ids |= set(Variant.objects.filter(updated_at__gt=after, updated_at__lte=until)
                   .values_list("product_id", flat=True))
    ordered = sorted(ids)
    changed: list[ListingPrice] = []
    for start in range(0, len(ordered), CHUNK):
        changed.extend(_priced(_with_price(Product.objects.filter(pk__in=ordered[start:start + CHUNK]))))
    return changed


def listing_facts(*, product_ids: Iterable[int]) -> dict[int, dict]:
    """Public facts of listings by product pk: public id, title, category (slug and both names), origin, country
    of origin, HS code, and the seller's organisation id and type. No owner, no address, no identity number."""
    wanted = sorted(set(product_ids))
    facts: dict[int, dict] = {}
    for start in range(0, len(wanted), CHUNK):
        rows = Product.objects.filter(pk__in=wanted[start:start + CHUNK]).values(
            "pk", "public_id", "title", "origin", "origin_country", "hs_code", "category__slug",
            "category__name_id", "category__name_en", "seller__public_id", "seller__seller_type")
        for row in rows:
            facts[row["pk"]] = {
                "listing": row["public_id"], "title": row["title"], "origin": row["origin"],
                "origin_country": row["origin_country"], "hs_code": row["hs_code"],
                "category": row["category__slug"], "category_name_id": row["category__name_id"],
                "category_name_en": row["category__name_en"], "seller_id": row["seller__public_id"],
                "seller_type": row["seller__seller_type"],
            }
    return facts


def seller_shop_names(*, public_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Shop name and jurisdiction of seller organisations by public id (unknown ids are absent). For sellers a
    legal request names, and to check that a request names a real seller."""
    wanted = sorted(set(public_ids))
    rows = SellerOrganisation.objects.filter(public_id__in=wanted).values_list("public_id", "shop_name", "jurisdiction")
    return {public_id: (name, jurisdiction) for public_id, name, jurisdiction in rows}
