"""Time limits of orders, in one place (settings may override them)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings


def payment_window() -> timedelta:
    """How long a buyer has to pay a placed order before it is cancelled and its stock released."""
    return getattr(settings, "ORDER_PAYMENT_WINDOW", timedelta(minutes=15))


def reservation_ttl() -> timedelta:
    """The stock hold outlives the payment window a little, so a payment arriving just before the deadline
    still finds its units held while the expiry task has not yet run."""
    return payment_window() + timedelta(minutes=5)


def accept_within() -> timedelta:
    """How long a seller has, after payment, to accept an order before the system cancels it."""
    return getattr(settings, "ORDER_ACCEPT_WITHIN", timedelta(days=2))


def ship_within() -> timedelta:
    """How long a seller has, after accepting, to ship before the system cancels the order."""
    return getattr(settings, "ORDER_SHIP_WITHIN", timedelta(days=3))
