"""What the cart services share: reading a quantity, finding a variant buyers may buy, checking stock."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.core.ids import is_public_id
from lapak.market.catalog.models import Variant
from lapak.market.catalog.selectors import products_public
from lapak.market.inventory.models import MAX_LINE_QUANTITY

_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,12}")


def quantity_clean(value: Any, *, minimum: int = 1) -> int:
    """A quantity from a form, JSON or Python: a whole number from `minimum` to MAX_LINE_QUANTITY, else
    ValidationFailed on the field `quantity` (a bool, float or text such as "2.5" is refused, not rounded)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        raise ValidationFailed(fields={"quantity": [_("Enter a whole number.")]})
    if number < minimum:
        message = _("Enter at least 1.") if minimum == 1 else _("Enter 0 or more.")
        raise ValidationFailed(fields={"quantity": [message]})
    if number > MAX_LINE_QUANTITY:
        raise ValidationFailed(fields={"quantity": [
            _("At most %(max)s units fit in one cart line.") % {"max": f"{MAX_LINE_QUANTITY:,}"}]})
    return number


def variant_public(public_id: Any, *, field: str = "variant") -> Variant:
    """The variant, if buyers may buy it now: active, of an active listing of a verified seller in an active
    category. Anything else (unknown, malformed, paused, draft) is the same ValidationFailed on `field`, so the
    answer never tells whether a hidden listing exists."""
    if isinstance(public_id, str) and is_public_id(public_id, "var"):
        variant = (Variant.objects.filter(public_id=public_id, is_active=True, product__in=products_public())
                   .select_related("product").first())
        if variant is not None:
            return variant
    raise ValidationFailed(fields={field: [_("This product is not for sale.")]}, code="product_unavailable")


def stock_check(*, wanted: int, available: int, in_cart: int = 0) -> None:
    """Refuse asking for more than is available now (a hint read without locks: checkout reserves for real)."""
    if wanted <= available:
        return
    if available == 0:
        message = _("This product is out of stock.")
    elif in_cart:
        message = _("Only %(available)s left, and %(in_cart)s are already in your cart.") % {
            "available": available, "in_cart": in_cart}
    else:
        message = _("Only %(available)s left.") % {"available": available}
    raise ValidationFailed(fields={"quantity": [message]}, code="insufficient_stock")
