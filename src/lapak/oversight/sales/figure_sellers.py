"""The `sellers` figure: seller organisations by verification state, type, province and UMKM class, and the share
of active sellers that are verified local sellers (the "100 % local sellers" claim as a live number)."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from lapak.market.catalog.selectors_oversight import sellers_with_active_listings
from lapak.market.orders.selectors_oversight import sellers_paid_between
from lapak.market.sellers.selectors.oversight import organisation_facts
from lapak.oversight.figures.base import Column, FigureQuery, FigureTable
from lapak.oversight.sales.cells import local_zone, percent
from lapak.oversight.sales.labels import dimension_columns, labelled
from lapak.oversight.sales.models import PEOPLE_CAP, SellerSnapshot
from lapak.oversight.sales.services_sellers import ACTIVE_WINDOW, seller_cells

CELL = ("status", "seller_type", "province", "umkm_class")

METHOD = _(
    "Seller organisations of the jurisdiction as they stood on the day shown (the latest daily snapshot on or "
    "before the end of the range), by verification state, seller type, the province of the pickup address and "
    "the declared UMKM class. Active: not closed, and a listing on sale or a seller order paid in the 90 days "
    "before the snapshot. Verified local seller: verified, registered in this jurisdiction, and an individual "
    "micro-entrepreneur or a registered business (not a foreign merchant, the platform's own first-party shop "
    "or an MLM company). The local share is active verified local sellers divided by all active sellers.")


def _rollup_cells(query: FigureQuery) -> tuple[list[dict[str, Any]], Any]:
    snapshots = SellerSnapshot.objects.filter(jurisdiction=query.jurisdiction)
    day = snapshots.filter(day__lte=query.date_to).aggregate(day=Max("day"))["day"]
    if day is None:
        return [], None
    return list(snapshots.filter(day=day).values(*CELL, "count", "active", "local_active")), day


def _scratch_cells(query: FigureQuery) -> tuple[list[dict[str, Any]], Any]:
    now = timezone.now()
    active = sellers_with_active_listings() | sellers_paid_between(since=now - ACTIVE_WINDOW, until=now)
    cells = seller_cells(organisation_facts(jurisdiction=query.jurisdiction), active)
    return ([{**dict(zip(CELL, key[1:], strict=True)), "count": count, "active": active_n, "local_active": local}
             for key, (count, active_n, local) in cells.items()], now.astimezone(local_zone(query.jurisdiction)).date())


def sellers_compute(query: FigureQuery) -> FigureTable:
    cells, day = _scratch_cells(query) if query.source == "scratch" else _rollup_cells(query)
    by = query.by
    groups: dict[tuple, int] = {}
    for cell in cells:
        key = tuple(cell[name] for name in by)
        groups[key] = groups.get(key, 0) + cell["count"]
    rows = labelled([{**dict(zip(by, key, strict=True)), "sellers": count, "_sellers": count}
                     for key, count in groups.items()], by)
    active = sum(cell["active"] for cell in cells)
    local = sum(cell["local_active"] for cell in cells)
    headline = local_share_headline(active=active, local=local)
    notes = []
    if day is None:
        notes.append(_("No snapshot of the sellers was taken on or before %(day)s.") % {"day": query.date_to})
    else:
        notes.append(_("Sellers as they stood on %(day)s.") % {"day": day.isoformat()})
        if query.source == "scratch":
            notes.append(_("Computed from the source tables, which hold only the present: the range is ignored."))
    columns = [*dimension_columns(by), Column("sellers", _("Sellers"))]
    return FigureTable(columns=columns, rows=rows, method=METHOD, headline=headline, notes=notes)


def local_share_headline(*, active: int, local: int) -> list:
    """The "100 % local sellers" claim as a live number: active sellers, the verified local ones and the share.
    Fewer than 10 active sellers: suppressed. Fewer than 10 that are not verified local: their existence is
    said, with a lower bound for the share, but they are not counted (that would be a cell of under 10)."""
    label = _("Share of active sellers that are verified local sellers")
    others = active - local
    if active >= PEOPLE_CAP and 0 < others < PEOPLE_CAP:
        floor = (Decimal(active - (PEOPLE_CAP - 1)) * 100 / Decimal(active)).quantize(Decimal("0.1"), ROUND_FLOOR)
        bound = number_format(floor, decimal_pos=1)
        return [(_("Active sellers"), number_format(active, force_grouping=True)),
                (_("Active verified local sellers"), str(_("all but fewer than 10"))),
                (label, _("at least %(share)s %% and below 100 %%: fewer than 10 of the %(active)s active sellers "
                          "are not verified local sellers") % {"share": bound, "active": active})]
    if active >= PEOPLE_CAP:
        share = percent(local, active).removesuffix(" %")
        return [(_("Active sellers"), number_format(active, force_grouping=True)),
                (_("Active verified local sellers"), number_format(local, force_grouping=True)),
                (label, _("%(share)s %% (%(local)s of %(active)s)") % {
                    "share": share, "local": local, "active": active})]
    return [(label, str(_("suppressed (fewer than 10 active sellers)")))]
