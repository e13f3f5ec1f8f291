"""Typed errors of the cart."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lapak.compliance.explain import reason_fields
from lapak.compliance.services import DecisionResult
from lapak.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


class CartLineNotFound(NotFound):
    code = "cart_line_not_found"
    default_message = _("This product is not in your cart.")


class CartEmpty(ValidationFailed):
    code = "cart_empty"
    default_message = _("Your cart is empty.")


class CartNotReady(Conflict):
    """Some cart lines need the buyer's attention first; `fields` names every one ("lines.<variant id>")."""

    code = "cart_not_ready"
    default_message = _("Some items in your cart changed. Check your cart before placing the order.")


class CheckoutRefused(PermissionDenied):
    """The compliance decision for `checkout.place` was not "allow"."""

    code = "checkout_refused"
    default_message = _("This order cannot be placed under the marketplace's rules.")

    def __init__(self, *, decision: DecisionResult) -> None:
        super().__init__(fields=reason_fields(decision.details))
        self.decision = decision
