"""How long each payment method stays payable (settings may override), in one place (ADR 0010)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

# Midtrans' own defaults for these channels; the order's payment window caps them (see intent_expiry).
METHOD_TTL = {"qris": timedelta(minutes=15), "va": timedelta(hours=24), "ewallet": timedelta(minutes=15),
              "card": timedelta(minutes=15)}
# Less than this left before the order's deadline: no new intent (the buyer could not finish in time).
MIN_PAYABLE = timedelta(minutes=1)


def method_ttl(method: str) -> timedelta:
    return getattr(settings, "PAYMENT_METHOD_TTL", {}).get(method, METHOD_TTL[method])


def intent_expiry(*, method: str, now: datetime, payment_due_at: datetime) -> datetime:
    """The method's own lifetime, but never past the order's payment deadline: after it the order is cancelled
    and its stock released, so an intent outliving it could only take money that must be refunded."""
    return min(now + method_ttl(method), payment_due_at)


def reconcile_after() -> timedelta:
    """How long an intent may wait for a notification before the reconciliation task asks the gateway."""
    return getattr(settings, "PAYMENT_RECONCILE_AFTER", timedelta(minutes=10))


def reconcile_grace() -> timedelta:
    """Closed intents are still asked about for this long: a payment can settle just as we expire it."""
    return getattr(settings, "PAYMENT_RECONCILE_GRACE", timedelta(hours=1))


# Cash on delivery (ADR 0010): the most one order may ask a courier to collect. Couriers cap the cash a driver
# carries (Rp 5,000,000 is a common ceiling at Indonesian couriers and aggregators), and a refused parcel
# costs the seller a round trip, so large orders are paid in advance.
COD_MAX_ORDER_TOTAL = 5_000_000


def cod_max_order_total() -> int:
    """COD_MAX_ORDER_TOTAL (whole rupiah) from settings, else the default above."""
    return int(getattr(settings, "COD_MAX_ORDER_TOTAL", COD_MAX_ORDER_TOTAL))


# A courier remits the cash it collected within days (a weekly remittance is common); a parcel collected and not
# remitted, or awaiting collection, for longer is shown overdue to operators.
COD_REMITTANCE_OVERDUE_DAYS = 7


def cod_overdue_after() -> timedelta:
    """COD_REMITTANCE_OVERDUE_DAYS (whole days) from settings, else the default above."""
    return timedelta(days=int(getattr(settings, "COD_REMITTANCE_OVERDUE_DAYS", COD_REMITTANCE_OVERDUE_DAYS)))
