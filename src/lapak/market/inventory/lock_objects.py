"""Named locking querysets. Every writer locks stock rows through these, ordered by primary key, so two
transactions touching the same rows in a different order queue instead of deadlocking."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from lapak.market.inventory.models import Stock


def _of_self() -> dict:
    # Lock only the stock rows, not the warehouse or variant rows a select_related would join in.
    return {"of": ("self",)} if connection.features.has_select_for_update_of else {}


def stock_for_update() -> QuerySet[Stock]:
    return Stock.objects.select_for_update(**_of_self()).select_related("warehouse").order_by("pk")
