"""Catalogue reads: the owning seller's view (every state) and the public view (active listings only)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.market.catalog.models import Category, ListingStatus, Product, Variant
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


def categories_active() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True)


def category_children(*, parent: Category | None) -> QuerySet[Category]:
    return categories_active().filter(parent=parent)
