"""What buyers read from the catalogue API (categories, search results, a listing), and how rows become it.

Also the pieces the seller side shows the same way (pictures, certificates, origin, category references).
Picture URLs come from the file storage: paths under MEDIA_URL on the embedded default, full URLs on a CDN.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.files.storage import default_storage
from django.utils import timezone
from ninja import Field, Schema

from lapak.core.money import Money
from lapak.market.catalog.models import Category, Certificate, Origin, Product, ProductImage
from lapak.market.catalog.search.types import SearchPage
from lapak.market.catalog.selectors import ProductPage
from lapak.market.sellers.api_common import language

# --- Shared blocks -----------------------------------------------------------------------------------


class CategoryRef(Schema):
    slug: str
    name: str = Field(..., description="In the request's language.")
    name_id: str
    name_en: str


class ImageOut(Schema):
    id: str
    url: str = Field(..., description="The picture, at most 1600 px on its long side, without metadata.")
    thumbnail_url: str = Field(..., description="At most 320 px on its long side.")
    width: int
    height: int
    position: int


class CertificateOut(Schema):
    kind: str = Field(..., description="sni, bpom or halal.")
    kind_label: str
    number: str
    issuer: str
    expires_on: date | None
    expired: bool


class OriginOut(Schema):
    kind: str = Field(..., description="domestic, imported_local or cross_border_direct.")
    label: str
    country: str = Field(..., description="ISO 3166-1 alpha-2.")


def category_ref(category: Category) -> dict:
    return {"slug": category.slug, "name": category.name_for(language()), "name_id": category.name_id,
            "name_en": category.name_en}


def image_out(image: ProductImage) -> dict:
    return {"id": image.public_id, "url": image.image.url, "thumbnail_url": image.thumbnail.url,
            "width": image.width, "height": image.height, "position": image.position}


def certificate_out(certificate: Certificate) -> dict:
    expires = certificate.expires_on
    return {"kind": certificate.kind, "kind_label": str(certificate.get_kind_display()), "number": certificate.number,
            "issuer": certificate.issuer, "expires_on": expires,
            "expired": expires is not None and expires < timezone.localdate()}


def origin_out(product: Product) -> dict:
    return {"kind": product.origin, "label": str(Origin(product.origin).label), "country": product.origin_country}


def price_display(amount: int | None) -> str | None:
    return None if amount is None else Money(amount, "IDR").format(language())


# --- Categories --------------------------------------------------------------------------------------


class CategoryNodeOut(CategoryRef):
    required_certificates: list[str] = Field(..., description="Certificate kinds its products must hold.")
    halal_food: bool = Field(..., description="Food or drink that must be halal-certified (UU 33/2014).")
    children: list[CategoryNodeOut]


CategoryNodeOut.model_rebuild()


class CategoryOut(CategoryNodeOut):
    path: list[CategoryRef] = Field(..., description="Its ancestors, from the root down (for breadcrumbs).")


def category_node(category: Category, children: list[dict]) -> dict:
    return {**category_ref(category), "required_certificates": list(category.required_certificates),
            "halal_food": category.halal_food, "children": children}


# --- Search ------------------------------------------------------------------------------------------


class SellerRef(Schema):
    shop_name: str
    shop_slug: str


class HitOut(Schema):
    id: str
    title: str
    price_min: int = Field(..., description="The cheapest active variant, whole rupiah.")
    price_max: int
    price_display: str = Field(..., examples=["Rp75.000"])
    thumbnail_url: str | None
    seller: SellerRef
    province: str = Field(..., description="Province code of the seller's pickup address.")
    category: str = Field(..., description="Category slug.")
    is_local: bool
    is_umkm: bool
    halal: bool
    in_stock: bool
    sold_count: int


class FacetOut(Schema):
    value: str
    label: str
    count: int


class SearchPageOut(Schema):
    items: list[HitOut]
    next_cursor: str | None = Field(..., description="Pass as `after` for the next page; null on the last.")
    total: int
    total_capped: bool = Field(..., description="True when `total` is a lower bound (a very common query).")
    facets: dict[str, list[FacetOut]] = Field(
        ..., description="category, province, local, umkm, halal, in_stock: counts over the same matches.")
    suggestion: str = Field(..., description="A corrected query when nothing matched the text as typed.")


def search_page_out(page: SearchPage) -> dict:
    items = [{
        "id": hit.public_id, "title": hit.title, "price_min": hit.price_min, "price_max": hit.price_max,
        "price_display": price_display(hit.price_min), "thumbnail_url": default_storage.url(hit.thumbnail)
        if hit.thumbnail else None, "seller": {"shop_name": hit.seller_name, "shop_slug": hit.seller_slug},
        "province": hit.province, "category": hit.category, "is_local": hit.is_local, "is_umkm": hit.is_umkm,
        "halal": hit.halal, "in_stock": hit.in_stock, "sold_count": hit.sold_count,
    } for hit in page.hits]
    facets = {name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
              for name, values in page.facets.items()}
    return {"items": items, "next_cursor": page.next_cursor, "total": page.total,
            "total_capped": page.total_capped, "facets": facets, "suggestion": page.suggestion}


# --- One listing -------------------------------------------------------------------------------------


class SellerPublicOut(SellerRef):
    id: str = Field(..., description="The seller organisation's public id.")
    province_code: str | None = Field(..., description="Province of the seller's pickup address.")
    province_name: str | None


class PublicVariantOut(Schema):
    id: str
    sku: str
    options: dict[str, str]
    price: int = Field(..., description="Whole rupiah.")
    price_display: str
    available: int = Field(..., description="Units buyers can still get (a hint; checkout decides).")
    in_stock: bool


class PublicProductOut(Schema):
    id: str = Field(..., examples=["prd_01JD3Q6Y8W9M2K4N7P5R0S1T2V"])
    title: str
    description_id: str
    description_en: str
    category: CategoryRef
    origin: OriginOut
    seller: SellerPublicOut
    price_min: int | None
    price_max: int | None
    variants: list[PublicVariantOut] = Field(..., description="Active variants only.")
    images: list[ImageOut]
    certificates: list[CertificateOut]
    published_at: datetime | None


def public_product_out(page: ProductPage, availability: dict[int, int]) -> dict:
    product = page.product
    prices = [v.price for v in page.variants]
    return {
        "id": product.public_id, "title": product.title, "description_id": product.description_id,
        "description_en": product.description_en, "category": category_ref(product.category),
        "origin": origin_out(product),
        "seller": {"id": product.seller.public_id, "shop_name": product.seller.shop_name,
                   "shop_slug": product.seller.shop_slug,
                   "province_code": product.province_code, "province_name": product.province_name},
        "price_min": min(prices, default=None), "price_max": max(prices, default=None),
        "variants": [{"id": v.public_id, "sku": v.sku, "options": v.options, "price": v.price,
                      "price_display": price_display(v.price), "available": availability.get(v.pk, 0),
                      "in_stock": availability.get(v.pk, 0) > 0} for v in page.variants],
        "images": [image_out(i) for i in page.images],
        "certificates": [certificate_out(c) for c in page.certificates],
        "published_at": product.published_at,
    }
