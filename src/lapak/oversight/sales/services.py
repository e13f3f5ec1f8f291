"""Keeping the sales rollups current: paid seller orders folded into monthly cells, once each.

A refresh reads the seller orders paid after its watermark (ordered by (paid_at, id)) and before the rollup
horizon, in batches; each batch is one transaction that locks the watermark, adds the batch into the cells and
advances the watermark, so two refreshes never fold one seller order twice and a crash loses nothing. Cells are
read and rewritten under that lock: no other writer touches them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Model

from lapak.market.catalog.selectors_oversight import top_level_categories
from lapak.market.orders.selectors_oversight import paid_seller_order_facts
from lapak.oversight.models import RollupWatermark
from lapak.oversight.rollups import register_rollup, rollup_horizon, watermark_advance, watermark_lock
from lapak.oversight.sales.cells import month_of, saturate
from lapak.oversight.sales.models import SalesLineCell, SalesMonthCell, SalesOrderCell, SellerLastSale

SALES_ROLLUP = "oversight_sales.orders"
BATCH = 2000
ORDER_KEY = ("jurisdiction", "month", "province", "buyer_province", "umkm_class", "seller_type")
LINE_KEY = (*ORDER_KEY, "category", "origin")
MONTH_KEY = ("jurisdiction", "month", "umkm_class", "seller_type")
MEASURES = ["seller_orders", "gmv", "units", "sellers", "buyers", "sellers_n", "buyers_n"]


@dataclass
class _Sums:
    seller_orders: int = 0
    gmv: int = 0
    units: int = 0
    sellers: set[int] = field(default_factory=set)
    buyers: set[int] = field(default_factory=set)

    def add(self, *, gmv: int, units: int, seller: int, buyer: int) -> None:
        self.seller_orders += 1
        self.gmv += gmv
        self.units += units
        self.sellers.add(seller)
        self.buyers.add(buyer)


def sales_rollup_refresh(*, batch: int = BATCH) -> int:
    """Fold every seller order paid since the watermark and before the horizon into the sales cells. Returns how
    many seller orders were folded (0 when nothing new). Idempotent; concurrent calls fold each seller order once
    (the watermark row is locked for each batch)."""
    until = rollup_horizon()
    folded = 0
    categories: dict[int, dict[str, str]] | None = None
    while True:
        with transaction.atomic():
            mark = watermark_lock(SALES_ROLLUP)
            facts = paid_seller_order_facts(after=(mark.position, mark.position_id), until=until, limit=batch)
            if not facts:
                return folded
            if categories is None:
                categories = top_level_categories()
            _fold(facts, {category_id: top["slug"] for category_id, top in categories.items()})
            watermark_advance(mark, position=facts[-1]["paid_at"], position_id=facts[-1]["id"], folded=len(facts))
        folded += len(facts)
        if len(facts) < batch:
            return folded


def sales_rollup_rebuild() -> int:
    """Empty the sales cells and the sellers' last-sale times, rewind the watermark and fold everything again.
    Returns the number of seller orders folded."""
    with transaction.atomic():
        mark = watermark_lock(SALES_ROLLUP)  # waits for a refresh batch in flight
        for model in (SalesOrderCell, SalesMonthCell, SalesLineCell, SellerLastSale):
            model.objects.all().delete()
        _rewind(mark)
    return sales_rollup_refresh()


def _rewind(mark: RollupWatermark) -> None:
    # Rewound in place rather than deleted, so a refresh waiting on this row's lock finds it again.
    mark.position, mark.position_id, mark.rows_folded = None, 0, 0
    mark.save(update_fields=["position", "position_id", "rows_folded"])


def _fold(facts: list[dict], category_of: dict[int, str]) -> None:
    orders: dict[tuple, _Sums] = {}
    months: dict[tuple, _Sums] = {}
    lines: dict[tuple, _Sums] = {}
    last_sale: dict[int, datetime] = {}
    for fact in facts:
        key = (fact["jurisdiction"], month_of(fact["paid_at"], fact["jurisdiction"]), fact["province"],
               fact["buyer_province"], fact["umkm_class"] or "", fact["seller_type"] or "")
        people = {"seller": fact["seller_id"], "buyer": fact["buyer_id"]}
        gmv, units = sum(line["line_total"] for line in fact["lines"]), sum(line["quantity"] for line in fact["lines"])
        orders.setdefault(key, _Sums()).add(gmv=gmv, units=units, **people)
        months.setdefault((key[0], key[1], key[4], key[5]), _Sums()).add(gmv=gmv, units=units, **people)
        parts: dict[tuple, list[int]] = {}
        for line in fact["lines"]:
            part = parts.setdefault((*key, category_of.get(line["category_id"], ""), line["origin"] or ""), [0, 0])
            part[0] += line["line_total"]
            part[1] += line["quantity"]
        for line_key, (gmv, units) in parts.items():
            lines.setdefault(line_key, _Sums()).add(gmv=gmv, units=units, **people)
        last_sale[fact["seller_id"]] = max(fact["paid_at"], last_sale.get(fact["seller_id"], fact["paid_at"]))
    _upsert(SalesOrderCell, ORDER_KEY, orders)
    _upsert(SalesMonthCell, MONTH_KEY, months)
    _upsert(SalesLineCell, LINE_KEY, lines)
    _last_sales_record(last_sale)


def _upsert(model: type[Model], key_fields: tuple[str, ...], sums: dict[tuple, _Sums]) -> None:
    # A superset of the touched cells, narrowed exactly below (portable: no row-value IN on SQLite).
    narrow = {f"{name}__in": sorted({key[index] for key in sums}) for index, name in enumerate(key_fields)}
    existing = {tuple(getattr(cell, name) for name in key_fields): cell
                for cell in model.objects.filter(**narrow)}
    created, updated = [], []
    for key, more in sums.items():
        cell = existing.get(key)
        if cell is None:
            cell = model(**dict(zip(key_fields, key, strict=True)))
            created.append(cell)
        else:
            updated.append(cell)
        cell.seller_orders += more.seller_orders
        cell.gmv += more.gmv
        cell.units += more.units
        cell.sellers = saturate(cell.sellers, more.sellers)
        cell.buyers = saturate(cell.buyers, more.buyers)
        cell.sellers_n, cell.buyers_n = len(cell.sellers), len(cell.buyers)
    model.objects.bulk_create(created, batch_size=500)
    model.objects.bulk_update(updated, MEASURES, batch_size=500)


def _last_sales_record(last_sale: dict[int, datetime]) -> None:
    known = dict(SellerLastSale.objects.filter(seller_id__in=list(last_sale)).values_list("seller_id", "last_paid_at"))
    SellerLastSale.objects.bulk_create([SellerLastSale(seller_id=seller, last_paid_at=at)
                                        for seller, at in last_sale.items() if seller not in known])
    SellerLastSale.objects.bulk_update([SellerLastSale(seller_id=seller, last_paid_at=at)
                                        for seller, at in last_sale.items()
                                        if seller in known and at > known[seller]], ["last_paid_at"], batch_size=500)


def _register() -> None:
    from lapak.oversight.sales.services_sellers import seller_snapshot_rebuild, seller_snapshot_refresh

    register_rollup(SALES_ROLLUP, refresh=sales_rollup_refresh, rebuild=sales_rollup_rebuild)
    # Named to sort after the sales rollup: the snapshot reads the last-sale times the sales refresh just wrote.
    register_rollup("oversight_sales.sellers", refresh=seller_snapshot_refresh, rebuild=seller_snapshot_rebuild)


_register()
