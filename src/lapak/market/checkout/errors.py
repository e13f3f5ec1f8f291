"""Typed errors of the cart."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound


class CartLineNotFound(NotFound):
    code = "cart_line_not_found"
    default_message = _("This product is not in your cart.")
