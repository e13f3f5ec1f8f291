"""Named locking querysets for carts. Writers lock the cart row before touching its lines, so two tabs adding
to one cart queue instead of both inserting; carts are locked in primary-key order (merge locks two)."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from lapak.market.checkout.models import Cart


def carts_for_update() -> QuerySet[Cart]:
    of = {"of": ("self",)} if connection.features.has_select_for_update_of else {}
    return Cart.objects.select_for_update(**of).order_by("pk")
