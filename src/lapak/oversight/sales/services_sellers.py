"""The daily snapshot of seller organisations: how many of each kind, where, how many active, how many local.

The organisation table is small (one row per shop), so a refresh recounts it whole and replaces the snapshot of
the current local day; earlier days stay as history (a figure for a past date reads that day's snapshot).
"Active" = not closed, and either a listing on sale now or a seller order paid in the last 90 days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction

from lapak.market.catalog.selectors_oversight import sellers_with_active_listings
from lapak.market.sellers.selectors.oversight import LOCAL_SELLER_TYPES, VERIFIED, organisation_facts
from lapak.oversight.rollups import rollup_horizon, watermark_advance, watermark_lock
from lapak.oversight.sales.cells import local_zone
from lapak.oversight.sales.models import SellerLastSale, SellerSnapshot

SELLERS_SNAPSHOT = "oversight_sales.sellers"
ACTIVE_WINDOW = timedelta(days=90)
CLOSED = "closed"


def seller_cells(facts: Iterable[dict], active: set[int]) -> dict[tuple, list[int]]:
    """(jurisdiction, status, seller_type, province, umkm_class) -> [sellers, active, active local sellers].
    Local: verified, of the jurisdiction itself (every fact is), an individual or a registered business."""
    cells: dict[tuple, list[int]] = {}
    for fact in facts:
        key = (fact["jurisdiction"], fact["status"], fact["seller_type"], fact["province"], fact["umkm_class"] or "")
        cell = cells.setdefault(key, [0, 0, 0])
        cell[0] += 1
        if fact["id"] in active and fact["status"] != CLOSED:
            cell[1] += 1
            if fact["status"] == VERIFIED and fact["seller_type"] in LOCAL_SELLER_TYPES:
                cell[2] += 1
    return cells


def seller_snapshot_refresh() -> int:
    """Retake today's snapshot (the local day of each jurisdiction) from the organisation table, the listings on
    sale and the sellers' last folded sales. Returns the number of organisations counted. Idempotent within a
    day; concurrent calls are serialised by the watermark lock, and the later one's counts stand."""
    with transaction.atomic():
        mark = watermark_lock(SELLERS_SNAPSHOT)
        at = rollup_horizon()
        facts = list(organisation_facts())
        sold = set(SellerLastSale.objects.filter(last_paid_at__gte=at - ACTIVE_WINDOW)
                   .values_list("seller_id", flat=True))
        cells = seller_cells(facts, sellers_with_active_listings() | sold)
        _snapshot_write(cells, at)
        watermark_advance(mark, position=at, position_id=0, folded=len(facts))
    return len(facts)


def seller_snapshot_rebuild() -> int:
    """Retake today's snapshot. The history of earlier days cannot be recomputed from the source tables (they hold
    only the present), so it is kept."""
    return seller_snapshot_refresh()


def _snapshot_write(cells: dict[tuple, list[int]], at: datetime) -> None:
    days = {jurisdiction: at.astimezone(local_zone(jurisdiction)).date() for jurisdiction, *_rest in cells}
    for jurisdiction, day in days.items():
        SellerSnapshot.objects.filter(jurisdiction=jurisdiction, day=day).delete()
    SellerSnapshot.objects.bulk_create([
        SellerSnapshot(day=days[jurisdiction], jurisdiction=jurisdiction, status=status, seller_type=seller_type,
                       province=province, umkm_class=umkm_class, count=count, active=active,
                       local_active=local_active, taken_at=at)
        for (jurisdiction, status, seller_type, province, umkm_class), (count, active, local_active)
        in sorted(cells.items())], batch_size=500)
