"""Payment methods a jurisdiction has switched off (or runs as a pilot for some sellers): compliance keeps the
switches (`payment_method:<method>` for a whole method, `payment_method:<method>_<bank or wallet>` for one bank or
wallet); this asks about an order's methods. Reads only, fresh on every call, so a switch takes effect at once:
the pay page shows a switched-off method disabled with the reason, and `payment_intent_create` refuses it."""

from __future__ import annotations

from collections.abc import Mapping

from lapak.compliance.switches import PAYMENT_METHOD, switch_availability, switches_of
from lapak.market.orders.models import Order, SellerOrder


def method_features(method: str, channel: str = "") -> list[str]:
    """The switches that govern a method: the method's own, and its bank's or wallet's."""
    return [f"{PAYMENT_METHOD}{method}"] + ([f"{PAYMENT_METHOD}{method}_{channel}"] if channel else [])


def _sellers(order: Order) -> list[str]:
    return list(SellerOrder.objects.filter(order=order).order_by("pk").values_list("seller__public_id", flat=True))


def payment_methods_switched_off(*, order: Order, choices: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """For each choice (a key -> (method, bank or wallet)) that a switch refuses for this order: the reason in the
    active language. In a pilot, every shop of the order must be on the pilot's list. Two queries."""
    features = {key: method_features(method, channel) for key, (method, channel) in choices.items()}
    stored = switches_of(jurisdiction=order.jurisdiction, features={f for fs in features.values() for f in fs})
    if not stored:
        return {}
    sellers = _sellers(order)
    refused = {}
    for key, names in features.items():
        for name in names:
            found = switch_availability(stored.get(name), feature=name, sellers=sellers)
            if not found.enabled:
                refused[key] = found.reason
                break
    return refused


def payment_method_refusal(*, order: Order, method: str, channel: str = "") -> str:
    """Why `method` (with its bank or wallet) may not pay `order` now, or "" when it may."""
    return payment_methods_switched_off(order=order, choices={"chosen": (method, channel)}).get("chosen", "")
