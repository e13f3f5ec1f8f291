"""Named locking querysets. Every ledger writer locks account rows through these, ordered by primary key, so
two entries touching the same accounts in a different order queue instead of deadlocking."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from lapak.market.ledger.models import Account


def accounts_lock(ids: Iterable[int]) -> dict[int, Account]:
    """Locks the accounts (SELECT … FOR UPDATE; SQLite's BEGIN IMMEDIATE already serialises writers) and
    returns them fresh, by primary key."""
    of_self = {"of": ("self",)} if connection.features.has_select_for_update_of else {}
    rows = Account.objects.select_for_update(**of_self).filter(pk__in=set(ids)).order_by("pk")
    return {account.pk: account for account in rows}
