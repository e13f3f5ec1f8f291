"""Catalogue reads: the owning seller's view (every state) and the public view (active listings only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.core.ids import is_public_id
from lapak.core.json_rows import json_rows, rows_to_models
from lapak.market.catalog.models import Category, Certificate, ListingStatus, Product, ProductImage, Variant
from lapak.market.sellers.models import OrganisationStatus, SellerOrganisation
from lapak.market.sellers.permissions import require_member


def _not_found() -> NotFound:
    return NotFound(_("There is no such product."), code="product_not_found")


def products_for_seller(*, seller: SellerOrganisation, user: object, status: str | None = None) -> QuerySet[Product]:
    """The seller's products in every state, newest first, for any member; a non-member gets NotFound."""
    require_member(seller, user)
    products = Product.objects.filter(seller=seller).select_related("category")
    return products.filter(status=status) if status else products


def product_for_seller(*, public_id: str, user: object) -> Product:
    """One product as its seller's members see it. Another seller's product is NotFound, like a missing one."""
    product = Product.objects.select_related("seller", "category").filter(public_id=public_id).first()
    if product is None:
        raise _not_found()
    try:
        require_member(product.seller, user)
    except NotFound:
        raise _not_found() from None
    return product


def variant_for_seller(*, public_id: str, user: object) -> Variant:
    variant = Variant.objects.select_related("product__seller", "product__category").filter(
        public_id=public_id).first()
    if variant is None:
        raise NotFound(_("There is no such variant."), code="variant_not_found")
    product_for_seller(public_id=variant.product.public_id, user=user)
    return variant


def products_public() -> QuerySet[Product]:
    """Listings buyers may see: active, of a verified seller, in an active category."""
    return (
        Product.objects.filter(status=ListingStatus.ACTIVE, seller__status=OrganisationStatus.VERIFIED,
                               category__is_active=True)
        .select_related("seller", "category")
    )


def product_public(*, public_id: str) -> Product:
    """One public listing with its active variants, images and certificates prefetched; else NotFound."""
    product = (
        products_public()
        .prefetch_related(Prefetch("variants", queryset=Variant.objects.filter(is_active=True)), "images",
                          "certificates")
        .filter(public_id=public_id)
        .first()
    )
    if product is None:
        raise _not_found()
    return product


@dataclass(frozen=True)
class ProductPage:
    """One public listing as its page shows it; `product.province_code`/`province_name` are the seller's."""

    product: Product
    variants: list[Variant]  # active ones, oldest first
    images: list[ProductImage]  # by position
    certificates: list[Certificate]


_VARIANT_FIELDS = ("id", "public_id", "sku", "price", "options", "weight_grams", "length_mm", "width_mm",
                   "height_mm", "is_active")
_IMAGE_FIELDS = ("id", "public_id", "image", "thumbnail", "width", "height", "position")
_CERTIFICATE_FIELDS = ("id", "public_id", "kind", "number", "issuer", "expires_on")


def product_page_cache_key(public_id: str) -> str:
    return f"catalog:product-page:{public_id}"


def product_public_page(*, public_id: str) -> ProductPage:
    """What a buyer's product page needs, in one query: the listing, its seller (with the pickup province),
    its category with up to three ancestors, and its active variants, images and certificates; else NotFound.

    Only public listings (as `products_public`) are found; a malformed id is NotFound without a query. The
    answer is cached for PRODUCT_PAGE_CACHE_SECONDS; every catalogue write forgets it (search.indexing), so
    a change shows at once. Stock is not part of it: pages read availability fresh."""
    if not is_public_id(public_id, "prd"):
        raise _not_found()
    seconds = settings.PRODUCT_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return _product_public_page(public_id)
    key = product_page_cache_key(public_id)
    page = cache.get(key)
    if page is None:
        page = _product_public_page(public_id)
        cache.set(key, page, seconds)
    return page


def _product_public_page(public_id: str) -> ProductPage:
    product = (
        products_public()
        .select_related("category__parent__parent__parent")
        .defer("seller__logo", "seller__description")
        .annotate(
            province_code=F("seller__pickup_region__parent__parent__parent__code"),
            province_name=F("seller__pickup_region__parent__parent__parent__name"),
            variant_rows=json_rows(Variant.objects.filter(is_active=True), link="product",
                                   fields=_VARIANT_FIELDS),
            image_rows=json_rows(ProductImage.objects.all(), link="product", fields=_IMAGE_FIELDS),
            certificate_rows=json_rows(Certificate.objects.all(), link="product", fields=_CERTIFICATE_FIELDS),
        )
        .filter(public_id=public_id)
        .first()
    )
    if product is None:
        raise _not_found()
    variants = rows_to_models(Variant, product.variant_rows, json_fields=("options",))
    images = rows_to_models(ProductImage, product.image_rows, order=("position", "id"))
    certificates = rows_to_models(Certificate, product.certificate_rows, dates=("expires_on",), order=("kind",))
    for child in (*variants, *images, *certificates):
        child.product = product
    for variant in variants:
        variant.seller_id = product.seller_id
    return ProductPage(product=product, variants=variants, images=images, certificates=certificates)


def categories_active() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def category_children(*, parent: Category | None) -> QuerySet[Category]:
    return categories_active().filter(parent=parent)
