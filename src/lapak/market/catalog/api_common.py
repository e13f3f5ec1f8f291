"""What the catalogue API's seller endpoints share: finding the caller's shop and product, and error tables.

Every seller path starts with `/catalog/seller/{organisation_id}/`. The organisation is looked up among the
caller's own shops, so another seller's shop, product, variant or picture answers 404 exactly as a missing one
does; a member whose role is too low (staff) is answered 403 by the services, or here for the stock writes,
whose services take no actor to check.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.core.schemas import ErrorOut
from lapak.market.catalog.models import Product, Variant
from lapak.market.catalog.selectors import products_for_seller
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, require_member
from lapak.market.sellers.selectors import organisation_for

E = ErrorOut
READ_ERRORS = {401: E, 403: E, 404: E}
WRITE_ERRORS = {400: E, 401: E, 403: E, 404: E, 409: E, 422: E}


def shop_of(request: HttpRequest, organisation_id: str) -> SellerOrganisation:
    """The caller's shop (any member's role); 404 for anyone outside it."""
    return organisation_for(user=request.auth, public_id=organisation_id)


def shop_for_editor(request: HttpRequest, organisation_id: str) -> SellerOrganisation:
    """The caller's shop when they are its owner or a manager: 404 outside the shop, 403 for staff."""
    organisation = shop_of(request, organisation_id)
    require_member(organisation, request.auth, EDITORS)
    return organisation


def product_of(request: HttpRequest, organisation_id: str, product_id: str) -> Product:
    """One of the shop's products, in any state; 404 if the shop is not the caller's or holds no such product."""
    organisation = shop_of(request, organisation_id)
    product = (products_for_seller(seller=organisation, user=request.auth)
               .select_related("seller").filter(public_id=product_id).first())
    if product is None:
        raise NotFound(_("There is no such product."), code="product_not_found")
    return product


def variant_of(product: Product, variant_id: str) -> Variant:
    variant = product.variants.filter(public_id=variant_id).first()
    if variant is None:
        raise NotFound(_("There is no such variant."), code="variant_not_found")
    variant.product = product  # the services read product.seller; spare the query
    return variant
