"""Opening carts and merging an anonymous cart into the buyer's when they sign in."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction

from lapak.market.checkout.lock_objects import carts_for_update
from lapak.market.checkout.models import Cart, CartLine
from lapak.market.checkout.services.lines import line_attribution_replace
from lapak.market.inventory.models import MAX_LINE_QUANTITY


def cart_open(*, user: object) -> Cart:
    """The buyer's cart, created on first use. Guarantees one cart per buyer even when two requests open it at
    once (the database constraint decides; the loser reads the winner's cart)."""
    cart = Cart.objects.filter(user=user).first()
    if cart is not None:
        return cart
    try:
        with transaction.atomic():
            return Cart.objects.create(user=user)
    except IntegrityError:
        return Cart.objects.get(user=user)


def cart_open_anonymous() -> Cart:
    """A new anonymous cart with an unguessable token, for the session to keep."""
    return Cart.objects.create(token=secrets.token_urlsafe(32))


def cart_merge(*, token: str, user: object) -> Cart | None:
    """Move the anonymous cart with `token` into the buyer's cart and delete it.

    Guarantees: a variant in both ends as one line whose quantity is the sum, capped at MAX_LINE_QUANTITY;
    the buyer's line keeps the price it was added at, so a difference still shows as a change; a line keeps its
    creator attribution (of two lines merged, the later click wins); lines of
    products no longer for sale are moved too (the cart view flags them); all in one transaction. Idempotent:
    a second call (or one racing the first) finds no anonymous cart and changes nothing. Returns the buyer's
    cart, or None when there was nothing to merge and the buyer has no cart."""
    if not token:
        return Cart.objects.filter(user=user).first()
    anonymous = Cart.objects.filter(token=token, user__isnull=True).first()
    if anonymous is None:
        return Cart.objects.filter(user=user).first()
    if not anonymous.lines.exists():
        Cart.objects.filter(pk=anonymous.pk).delete()
        return Cart.objects.filter(user=user).first()
    target = cart_open(user=user)
    with transaction.atomic():
        locked = {cart.pk for cart in carts_for_update().filter(pk__in=[anonymous.pk, target.pk])}
        if anonymous.pk not in locked:  # merged meanwhile by a concurrent request
            return target
        mine = {line.variant_id: line for line in CartLine.objects.filter(cart=target)
                .select_related("attribution_click")}
        for line in CartLine.objects.filter(cart=anonymous).select_related("attribution_click").order_by("pk"):
            existing = mine.get(line.variant_id)
            if existing is None:
                line.cart = target
                line.save(update_fields=["cart", "updated_at"])
            else:
                existing.quantity = min(MAX_LINE_QUANTITY, existing.quantity + line.quantity)
                fields = ["quantity", "updated_at"]
                # The attribution travels with the line: the later of the two clicks wins.
                if line.attribution_click is not None and line_attribution_replace(existing, line.attribution_click):
                    fields += ["attribution_click", "attribution_creator"]
                existing.save(update_fields=fields)
        Cart.objects.filter(pk=anonymous.pk).delete()
        target.save(update_fields=["updated_at"])
    return target
