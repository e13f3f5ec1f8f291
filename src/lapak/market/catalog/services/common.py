"""Shared pieces of the catalogue services: who the actor is, and locking a product row."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.market.catalog.errors import ListingNotEditable
from lapak.market.catalog.models import Product
from lapak.market.catalog.search import search_documents_refresh
from lapak.market.catalog.transitions import EDITABLE
from lapak.market.sellers.permissions import EDITORS, require_member


def product_for_update() -> QuerySet[Product]:
    # Lock only the product row, not the seller row select_related joins in.
    of = {"of": ("self",)} if connection.features.has_select_for_update_of else {}
    return Product.objects.select_related("seller", "category").select_for_update(**of)


def reindex(product: Product) -> None:
    """Bring the product's search row in line, inside the write's transaction (see search.indexing)."""
    search_documents_refresh(product_ids=[product.pk])


def require_editor(product: Product, actor: object) -> None:
    """The actor must be an owner or manager of the product's seller; anyone else is told it does not exist."""
    try:
        require_member(product.seller, actor, EDITORS)
    except NotFound:
        raise NotFound(_("There is no such product."), code="product_not_found") from None


def lock_editable(product: Product) -> Product:
    """Re-read the product under a row lock and make sure its state still allows edits."""
    locked = product_for_update().get(pk=product.pk)
    if locked.status not in EDITABLE:
        raise ListingNotEditable()
    return locked
