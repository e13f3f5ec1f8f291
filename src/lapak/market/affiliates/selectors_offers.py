"""Reads of the affiliate terms: a shop's offers and invitations, a creator's invitations, a product's open rate."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.market.affiliates.models import AffiliateInvite, AffiliateOffer
from lapak.market.catalog.models import ListingStatus, Product
from lapak.market.sellers.models import SellerOrganisation

LIVE = (AffiliateInvite.Status.PENDING, AffiliateInvite.Status.ACCEPTED)


def offers_of_seller(*, seller: SellerOrganisation) -> QuerySet[AffiliateOffer]:
    return AffiliateOffer.objects.filter(seller=seller).select_related("product").order_by("-updated_at", "-pk")


def offer_of_product(*, seller: SellerOrganisation, product_id: str) -> AffiliateOffer:
    """The shop's offer on its product `product_id` (a public id); NotFound otherwise."""
    offer = offers_of_seller(seller=seller).filter(product__public_id=product_id).first()
    if offer is None:
        raise NotFound(_("This product has no affiliate offer."), code="affiliate_offer_not_found")
    return offer


def product_of_seller(*, seller: SellerOrganisation, product_id: str) -> Product:
    """The shop's own product (any state); NotFound for another shop's or an unknown one."""
    product = Product.objects.filter(seller=seller, public_id=product_id).first()
    if product is None:
        raise NotFound(_("There is no such product."), code="product_not_found")
    return product


def products_open_for_offers(*, seller: SellerOrganisation) -> QuerySet[Product]:
    """The shop's active products: the only ones an offer or invitation may be made on."""
    return Product.objects.filter(seller=seller, status=ListingStatus.ACTIVE).order_by("title", "pk")


def open_offer_public(*, product_id: str) -> AffiliateOffer:
    """The switched-on open offer of an active product, for anyone (social shows "earn X %"); NotFound when
    the product is unknown, not on sale, or has no open offer."""
    offer = (AffiliateOffer.objects.select_related("product")
             .filter(product__public_id=product_id, product__status=ListingStatus.ACTIVE, active=True).first())
    if offer is None:
        raise NotFound(_("This product has no open affiliate offer."), code="affiliate_offer_not_found")
    return offer


def open_rate_bps(*, product: Product) -> int:
    """The product's switched-on open rate in basis points, 0 when there is none."""
    rate = AffiliateOffer.objects.filter(product=product, active=True).values_list("rate_bps", flat=True).first()
    return rate or 0


def invites_of_seller(*, seller: SellerOrganisation, status: str | None = None) -> QuerySet[AffiliateInvite]:
    rows = AffiliateInvite.objects.filter(seller=seller).select_related("product").order_by("-created_at", "-pk")
    return rows.filter(status=status) if status else rows


def invite_of_seller(*, seller: SellerOrganisation, public_id: str) -> AffiliateInvite:
    invite = invites_of_seller(seller=seller).filter(public_id=public_id).first()
    if invite is None:
        raise NotFound(_("There is no such invitation."), code="affiliate_invite_not_found")
    return invite


def invites_of_creator(*, creator: object, status: str | None = None) -> QuerySet[AffiliateInvite]:
    """The invitations sent to the signed-in `creator` (a user), newest first."""
    rows = (AffiliateInvite.objects.filter(creator=getattr(creator, "public_id", None) or "-")
            .select_related("product", "seller").order_by("-created_at", "-pk"))
    return rows.filter(status=status) if status else rows


def invite_of_creator(*, creator: object, public_id: str) -> AffiliateInvite:
    """One invitation sent to `creator`; NotFound for anyone else's (never confirmed to exist)."""
    invite = invites_of_creator(creator=creator).filter(public_id=public_id).first()
    if invite is None:
        raise NotFound(_("There is no such invitation."), code="affiliate_invite_not_found")
    return invite


def percent_label(rate_bps: int) -> str:
    """Basis points as a percentage without trailing zeros: 1250 → "12.5 %"."""
    whole, rest = divmod(rate_bps, 100)
    return f"{whole}.{rest:02d}".rstrip("0").rstrip(".") + " %" if rest else f"{whole} %"
