"""Catalogue models: categories, products (listings), variants, images and certificates."""

from lapak.market.catalog.models.categories import Category, CertificateKind
from lapak.market.catalog.models.products import Certificate, ListingStatus, Origin, Product, ProductImage
from lapak.market.catalog.models.search import SearchDocument
from lapak.market.catalog.models.variants import Variant

__all__ = [
    "Category",
    "Certificate",
    "CertificateKind",
    "ListingStatus",
    "Origin",
    "Product",
    "ProductImage",
    "SearchDocument",
    "Variant",
]
