"""Sales figures grouped by the dimensions a reader asked for, from the rollup cells or from the source tables.

Both paths return the same rows: the dimensions, "gmv", "orders" (seller orders), "units", and `_sellers` /
`_buyers`, the distinct people behind the row counted up to PEOPLE_CAP (exact below it), which is all the
suppression of small cells needs.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q, QuerySet, Sum

from lapak.market.catalog.selectors_oversight import top_level_categories
from lapak.market.orders.selectors_oversight import paid_line_groups
from lapak.oversight.figures.base import FigureQuery
from lapak.oversight.sales.cells import local_midnight, local_zone, month_span, next_month, people_at_least
from lapak.oversight.sales.models import PEOPLE_CAP, SalesLineCell, SalesMonthCell, SalesOrderCell

LINE_ONLY = frozenset({"category", "origin"})
MONTH_ONLY = frozenset({"month", "umkm_class"})  # what SalesMonthCell can answer


def sales_cells(query: FigureQuery, by: tuple[str, ...], *, seller_type: str | None = None) -> QuerySet:
    """The rollup cells of the query's jurisdiction and months: the line grain when `by` needs category or
    origin, the month grain when it needs nothing but the month and the UMKM class, else the seller-order grain
    (order counts are exact in both of these)."""
    first, last = month_span(query.date_from, query.date_to)
    if LINE_ONLY & set(by):
        model = SalesLineCell
    elif set(by) <= MONTH_ONLY:
        model = SalesMonthCell
    else:
        model = SalesOrderCell
    cells = model.objects.filter(jurisdiction=query.jurisdiction, month__gte=first, month__lte=last)
    return cells.filter(seller_type=seller_type) if seller_type is not None else cells


def rollup_groups(cells: QuerySet, by: tuple[str, ...]) -> list[dict[str, Any]]:
    """Sum the cells by `by` in SQL; count the people behind each group from the cells' saturating sets, reading
    the sets only of groups where no cell is full."""
    sums = {"gmv": Sum("gmv"), "orders": Sum("seller_orders"), "units": Sum("units"),
            "s_max": Max("sellers_n"), "b_max": Max("buyers_n")}
    if by:
        groups = list(cells.values(*by).annotate(**sums).order_by(*by))
    else:
        total = cells.aggregate(**sums)
        groups = [total] if total["s_max"] is not None else []
    open_groups = {tuple(group[name] for name in by): ([], []) for group in groups
                   if group["s_max"] < PEOPLE_CAP or group["b_max"] < PEOPLE_CAP}
    if open_groups:
        small = cells.filter(Q(sellers_n__lt=PEOPLE_CAP) | Q(buyers_n__lt=PEOPLE_CAP))
        for *key, sellers, buyers in small.values_list(*by, "sellers", "buyers"):
            if (found := open_groups.get(tuple(key))) is not None:
                found[0].append(sellers)
                found[1].append(buyers)
    rows = []
    for group in groups:
        key = tuple(group[name] for name in by)
        sellers_sets, buyers_sets = open_groups.get(key, ([], []))
        rows.append({**{name: group[name] for name in by}, "gmv": group["gmv"], "orders": group["orders"],
                     "units": group["units"],
                     "_sellers": PEOPLE_CAP if group["s_max"] >= PEOPLE_CAP else people_at_least(sellers_sets),
                     "_buyers": PEOPLE_CAP if group["b_max"] >= PEOPLE_CAP else people_at_least(buyers_sets)})
    return rows


def scratch_groups(query: FigureQuery, by: tuple[str, ...], *, seller_type: str | None = None) -> list[dict]:
    """The same rows computed from the order tables (grouped SQL over the months the query touches)."""
    first, last = month_span(query.date_from, query.date_to)
    line_grain = bool(LINE_ONLY & set(by))
    category_of = ({category_id: top["slug"] for category_id, top in top_level_categories().items()}
                   if line_grain else None)
    groups = paid_line_groups(jurisdiction=query.jurisdiction, start=local_midnight(first, query.jurisdiction),
                              end=local_midnight(next_month(last), query.jurisdiction),
                              zone=local_zone(query.jurisdiction), by=by, category_of=category_of,
                              seller_type=seller_type, orders_per_cell=line_grain)
    return [{**{name: group[name] for name in by}, "gmv": group["gmv"], "orders": group["orders"],
             "units": group["units"], "_sellers": min(group["sellers"], PEOPLE_CAP),
             "_buyers": min(group["buyers"], PEOPLE_CAP)} for group in groups]


def sales_groups(query: FigureQuery, by: tuple[str, ...], *, seller_type: str | None = None) -> list[dict]:
    if query.source == "scratch":
        return scratch_groups(query, by, seller_type=seller_type)
    return rollup_groups(sales_cells(query, by, seller_type=seller_type), by)
