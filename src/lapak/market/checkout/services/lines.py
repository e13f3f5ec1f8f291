"""Adding, changing and removing cart lines, and acknowledging price changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.market.affiliates.selectors_attribution import ClickScope, click_latest
from lapak.market.checkout.errors import CartLineNotFound
from lapak.market.checkout.labels import variant_label
from lapak.market.checkout.lock_objects import carts_for_update
from lapak.market.checkout.models import Cart, CartLine
from lapak.market.checkout.services._common import quantity_clean, stock_check, variant_public
from lapak.market.inventory.models import MAX_LINE_QUANTITY
from lapak.market.inventory.selectors import variant_availability


def _lock(cart: Cart) -> Cart:
    locked = carts_for_update().filter(pk=cart.pk).first()
    if locked is None:  # merged away or deleted since the caller read it
        raise NotFound(_("This cart no longer exists."), code="cart_not_found")
    return locked


def _line(cart: Cart, variant_id: Any) -> CartLine:
    line = (CartLine.objects.select_related("variant").filter(cart=cart, variant__public_id=str(variant_id)[:40])
            .first())
    if line is None:
        raise CartLineNotFound()
    return line


def cart_line_add(*, cart: Cart, variant_id: str, quantity: Any, clicks: ClickScope | None = None) -> CartLine:
    """Put `quantity` units of a variant in the cart, or add them to its line.

    Guarantees: the variant is for sale (active variant of a public listing); the line ends with at most
    MAX_LINE_QUANTITY and no more than is available now, else ValidationFailed on `quantity` and nothing
    changes; a new line remembers today's price, title and variant label; an existing line keeps the price
    it was added at (a change shows as a change). Two adds of one variant at once (two tabs) queue on the
    cart row and end as one line with the summed quantity. With `clicks` (whose hand-off clicks count), the
    line is attributed to the latest unexpired click on the product, unless it already carries a later one."""
    wanted = quantity_clean(quantity)
    variant = variant_public(variant_id)
    with transaction.atomic():
        locked = _lock(cart)
        line = CartLine.objects.filter(cart=locked, variant=variant).select_related("attribution_click").first()
        in_cart = line.quantity if line else 0
        if in_cart + wanted > MAX_LINE_QUANTITY:
            raise ValidationFailed(fields={"quantity": [
                _("You already have %(in_cart)s in your cart; one line holds at most %(max)s.") % {
                    "in_cart": in_cart, "max": f"{MAX_LINE_QUANTITY:,}"}]})
        available = variant_availability(variant_ids=[variant.pk])[variant.pk]
        stock_check(wanted=in_cart + wanted, available=available, in_cart=in_cart)
        click = click_latest(product_id=variant.product_id, scope=clicks)
        if line is None:
            line = CartLine.objects.create(cart=locked, variant=variant, quantity=wanted, unit_price=variant.price,
                                           title=variant.product.title[:200],
                                           variant_label=variant_label(variant.options), attribution_click=click,
                                           attribution_creator=click.creator if click else "")
        else:
            line.quantity = in_cart + wanted
            fields = ["quantity", "updated_at"]
            if click is not None and line_attribution_replace(line, click):
                fields += ["attribution_click", "attribution_creator"]
            line.save(update_fields=fields)
        locked.save(update_fields=["updated_at"])
    return line


def line_attribution_replace(line: CartLine, click: Any) -> bool:
    """Point `line` at `click` if it is the later click (last click wins); whether it changed."""
    current = line.attribution_click
    if current is not None and (current.pk == click.pk or current.clicked_at > click.clicked_at):
        return False
    line.attribution_click, line.attribution_creator = click, click.creator
    return True


def cart_line_update(*, cart: Cart, variant_id: str, quantity: Any) -> CartLine | None:
    """Set a line's quantity; 0 removes the line (and returns None).

    Guarantees: lowering always works, even for a product no longer for sale; raising needs the product for
    sale and the units available, else ValidationFailed on `quantity`; a variant not in this cart is
    CartLineNotFound (so nobody can reach another buyer's line)."""
    wanted = quantity_clean(quantity, minimum=0)
    with transaction.atomic():
        locked = _lock(cart)
        line = _line(locked, variant_id)
        if wanted == 0:
            line.delete()
            locked.save(update_fields=["updated_at"])
            return None
        if wanted > line.quantity:
            variant = variant_public(variant_id, field="quantity")
            stock_check(wanted=wanted, available=variant_availability(variant_ids=[variant.pk])[variant.pk])
        line.quantity = wanted
        line.save(update_fields=["quantity", "updated_at"])
        locked.save(update_fields=["updated_at"])
    return line


def cart_line_remove(*, cart: Cart, variant_id: str) -> None:
    """Remove a line. A variant not in this cart is CartLineNotFound."""
    with transaction.atomic():
        locked = _lock(cart)
        _line(locked, variant_id).delete()
        locked.save(update_fields=["updated_at"])


def cart_acknowledge(*, cart: Cart, prices: Mapping[str, Any]) -> list[CartLine]:
    """Accept new prices: `prices` maps a variant id to the live price the buyer was shown and accepts.

    Guarantees: a line's stored price becomes the accepted price only if that is still the live price; if any
    price moved again since the buyer saw it, Conflict and nothing changes (so a buyer never accepts a price
    they were not shown). Title and variant label are refreshed with it. Availability is not "accepted": a line
    of a product no longer for sale, or with too few units, stays flagged until the buyer lowers or removes it."""
    if not prices:
        raise ValidationFailed(fields={"prices": [_("Choose at least one line.")]})
    accepted: dict[str, int] = {}
    for variant_id, price in prices.items():
        if isinstance(price, bool) or not isinstance(price, int) or price < 1:
            raise ValidationFailed(fields={f"prices.{variant_id}": [_("Enter the price you accept.")]})
        accepted[str(variant_id)] = price
    with transaction.atomic():
        locked = _lock(cart)
        lines = list(CartLine.objects.select_related("variant__product")
                     .filter(cart=locked, variant__public_id__in=list(accepted)))
        missing = set(accepted) - {line.variant.public_id for line in lines}
        if missing:
            raise CartLineNotFound()
        moved = sorted(v.public_id for v in (line.variant for line in lines) if v.price != accepted[v.public_id])
        if moved:
            raise Conflict(_("A price changed again. Check your cart before accepting."), code="price_changed_again",
                           fields={f"prices.{v}": [_("The price is now different.")] for v in moved})
        for line in lines:
            line.unit_price = line.variant.price
            line.title = line.variant.product.title[:200]
            line.variant_label = variant_label(line.variant.options)
            line.save(update_fields=["unit_price", "title", "variant_label", "updated_at"])
        locked.save(update_fields=["updated_at"])
    return lines
