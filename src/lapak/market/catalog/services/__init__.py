"""Catalogue writes. Import services from here."""

from lapak.market.catalog.services.certificates import certificate_remove, certificate_set
from lapak.market.catalog.services.images import product_image_add, product_image_remove
from lapak.market.catalog.services.imports import catalog_import_csv
from lapak.market.catalog.services.listing import listing_required_certificates_missing, listing_transition
from lapak.market.catalog.services.products import product_create, product_update, variant_create, variant_update

__all__ = [
    "catalog_import_csv",
    "certificate_remove",
    "certificate_set",
    "listing_required_certificates_missing",
    "listing_transition",
    "product_create",
    "product_image_add",
    "product_image_remove",
    "product_update",
    "variant_create",
    "variant_update",
]
