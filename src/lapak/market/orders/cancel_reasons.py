"""Why a seller order was cancelled, in words: a system cancellation stores a code, a seller's or an operator's
stores their own words (shown as written)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SYSTEM_REASONS = {
    "not_accepted_in_time": _("the shop did not accept the order in time"),
    "not_shipped_in_time": _("the shop did not ship the order in time"),
    "payment_overdue": _("the order was not paid in time"),
    "returned_to_sender": _("the courier brought the parcel back to the shop"),
}


def cancel_reason_text(reason: str) -> str:
    return str(SYSTEM_REASONS.get(reason, reason))
