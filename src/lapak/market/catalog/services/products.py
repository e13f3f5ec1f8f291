"""Creating and editing products and their variants."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.models import Product, Variant
from lapak.market.catalog.services.common import lock_editable, reindex, require_editor
from lapak.market.catalog.services.listing import listing_redecide
from lapak.market.catalog.validation import product_clean, product_origin_check, variant_clean
from lapak.market.sellers.models import OrganisationStatus, SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, require_member

# Edits of these fields change what the compliance engine judged, so a live listing is asked again.
DECISION_FIELDS = frozenset({"origin", "origin_country", "hs_code", "fob_value_usd_cents", "category"})


def product_create(*, seller: SellerOrganisation, actor: object, data: dict[str, Any]) -> Product:
    """Create a draft product for the seller (owner or manager).

    Guarantees: every field is checked first and all problems are reported together, per field; nothing is
    saved unless all pass. A draft may be written before the seller is verified; publishing needs verification.
    """
    require_member(seller, actor, EDITORS)
    if seller.status == OrganisationStatus.CLOSED:
        raise ValidationFailed(fields={"seller": [_("This shop is closed.")]})
    clean = product_clean(data, jurisdiction=seller.jurisdiction, partial=False)
    clean.setdefault("origin_country", "ID" if clean["origin"] == "domestic" else "")
    product_origin_check(origin=clean["origin"], origin_country=clean["origin_country"],
                         hs_code=clean.get("hs_code", ""), fob=clean.get("fob_value_usd_cents"))
    return Product.objects.create(seller=seller, **clean)


def product_update(*, product: Product, actor: object, data: dict[str, Any]) -> Product:
    """Change some of a product's fields.

    Guarantees: all-or-nothing with per-field errors; the row is locked and must be editable (not submitted
    or removed); a change to origin, country, HS code, FOB value or category of an active listing asks the
    compliance engine again, and a non-allow answer refuses the listing with its reasons.
    """
    require_editor(product, actor)
    clean = product_clean(data, jurisdiction=product.seller.jurisdiction, partial=True)
    with transaction.atomic():
        locked = lock_editable(product)
        changed = {name for name, value in clean.items() if getattr(locked, name) != value}
        for name, value in clean.items():
            setattr(locked, name, value)
        product_origin_check(origin=locked.origin, origin_country=locked.origin_country, hs_code=locked.hs_code,
                             fob=locked.fob_value_usd_cents)
        locked.save()
        if changed & DECISION_FIELDS:
            locked = listing_redecide(product=locked, actor=actor, trigger="product_update")
        reindex(locked)
    return locked


def variant_create(*, product: Product, actor: object, data: dict[str, Any]) -> Variant:
    """Add a variant. Guarantees: checked fields, SKU unique within the seller, and (as adding a price to a live
    listing changes its price range) an active listing is asked about again."""
    require_editor(product, actor)
    clean = variant_clean(data, partial=False)
    with transaction.atomic():
        locked = lock_editable(product)
        variant = Variant(product=locked, seller=locked.seller, **clean)
        _save_variant(variant)
        listing_redecide(product=locked, actor=actor, trigger="variant_create")
        reindex(locked)
    return variant


def variant_update(*, variant: Variant, actor: object, data: dict[str, Any]) -> Variant:
    """Change a variant. Guarantees: checked fields, all-or-nothing; a price change (or switching the variant
    on or off) on an active listing asks the compliance engine again."""
    require_editor(variant.product, actor)
    clean = variant_clean(data, partial=True)
    with transaction.atomic():
        locked_product = lock_editable(variant.product)
        locked = Variant.objects.get(pk=variant.pk)
        before = (locked.price, locked.is_active)
        for name, value in clean.items():
            setattr(locked, name, value)
        _save_variant(locked)
        if (locked.price, locked.is_active) != before:
            listing_redecide(product=locked_product, actor=actor, trigger="variant_update")
        reindex(locked_product)
    return locked


def _save_variant(variant: Variant) -> None:
    try:
        with transaction.atomic():
            variant.save()
    except IntegrityError:
        if Variant.objects.filter(seller=variant.seller, sku=variant.sku).exclude(pk=variant.pk).exists():
            raise ValidationFailed(fields={"sku": [_("Another of your products already uses this SKU.")]}) from None
        raise
