"""Writes on a shop's open affiliate offers: set a product's open commission rate, change it, switch it off.

Only the shop's owner or a manager (staff: PermissionDenied; outsiders never reach here, the selectors answer
NotFound); only on the shop's own active products; every change audited in the same transaction.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.affiliates.models import RATE_MAX_BPS, AffiliateOffer
from lapak.market.catalog.models import ListingStatus, Product
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, actor_label, require_member

RATE_MIN_BPS = 100  # 1 %: a shop offering less than that is not running a programme


def rate_checked(rate_bps: object, *, field: str = "rate_bps", above: int = 0) -> int:
    """A commission rate in basis points between 1 % and 50 % (and strictly above `above`); ValidationFailed
    naming `field` otherwise."""
    if isinstance(rate_bps, bool) or not isinstance(rate_bps, int) or not RATE_MIN_BPS <= rate_bps <= RATE_MAX_BPS:
        raise ValidationFailed(fields={field: [_("A commission is 1 % to 50 %, with at most two decimals.")]})
    if rate_bps <= above:
        raise ValidationFailed(fields={field: [
            _("An invitation must offer more than the open rate of %(rate)s %%.") % {"rate": f"{above / 100:g}"}]})
    return rate_bps


def require_offer_product(seller: SellerOrganisation, product: Product, *, field: str = "product") -> None:
    """The product is the shop's own and on sale; ValidationFailed on `field` otherwise."""
    if product.seller_id != seller.pk:
        raise ValidationFailed(fields={field: [_("Choose one of your own products.")]})
    if product.status != ListingStatus.ACTIVE:
        raise ValidationFailed(fields={field: [_("Only products on sale can be offered to creators.")]})


def _audit(actor: object, action: str, offer: AffiliateOffer, before: dict | None) -> None:
    audit_append(actor=actor_label(actor), action=action, subject_type="affiliate_offer", subject_id=offer.public_id,
                 jurisdiction=offer.seller.jurisdiction, before=before,
                 after={"product": offer.product.public_id, "rate_bps": offer.rate_bps, "active": offer.active})


def offer_set(*, actor: object, seller: SellerOrganisation, product: Product, rate_bps: int,
              active: bool = True) -> AffiliateOffer:
    """Make `rate_bps` the product's open rate (creating the offer, or changing the one there is), switched on
    unless `active` is False. Guarantees: owner or manager only; the shop's own active product; 1–50 %; one
    offer per product however many requests race (the second writer changes the first one's row); audited."""
    require_member(seller, actor, EDITORS)
    rate_bps = rate_checked(rate_bps)
    require_offer_product(seller, product)
    for _attempt in range(2):  # an insert that loses a race becomes an update of the winner's row
        try:
            with transaction.atomic():
                offer = AffiliateOffer.objects.select_for_update().filter(product=product).first()
                if offer is None:
                    offer = AffiliateOffer.objects.create(seller=seller, product=product, rate_bps=rate_bps,
                                                          active=active)
                    _audit(actor, "affiliates.offer.create", offer, None)
                    return offer
                before = {"rate_bps": offer.rate_bps, "active": offer.active}
                offer.rate_bps, offer.active = rate_bps, active
                offer.save(update_fields=["rate_bps", "active", "updated_at"])
                _audit(actor, "affiliates.offer.update", offer, before)
                return offer
        except IntegrityError:
            continue
    raise Conflict(_("The offer changed at the same moment; try again."), code="affiliate_offer_conflict")


def offer_update(*, actor: object, offer: AffiliateOffer, rate_bps: int | None = None,
                 active: bool | None = None) -> AffiliateOffer:
    """Change the rate or switch the offer on or off (owner or manager; audited). Switching on needs the
    product to be on sale; switching off is always allowed."""
    require_member(offer.seller, actor, EDITORS)
    with transaction.atomic():
        locked = AffiliateOffer.objects.select_for_update().select_related("seller", "product").get(pk=offer.pk)
        new_rate = locked.rate_bps if rate_bps is None else rate_checked(rate_bps)
        new_active = locked.active if active is None else bool(active)
        if new_active and (rate_bps is not None or not locked.active):
            require_offer_product(locked.seller, locked.product)
        before = {"rate_bps": locked.rate_bps, "active": locked.active}
        if before == {"rate_bps": new_rate, "active": new_active}:
            return locked
        locked.rate_bps, locked.active = new_rate, new_active
        locked.save(update_fields=["rate_bps", "active", "updated_at"])
        action = "affiliates.offer.update" if before["active"] == new_active else (
            "affiliates.offer.on" if new_active else "affiliates.offer.off")
        _audit(actor, action, locked, before)
        return locked
