"""Order facts for the regulator's oversight portal: paid seller orders as plain values, and grouped counts.

Never a name, an address line or a phone number: the buyer is an internal id (used only to count distinct buyers,
never shown), places are province codes. The oversight package checks the reader's jurisdiction and logs each
query; it folds `paid_seller_order_facts` into its rollups and compares them with `paid_line_groups`.

A seller order counts from the moment its order was paid (`Order.paid_at`). Cash-on-delivery orders get their
`paid_at` when the buyer chooses COD and the order is confirmed for the shops (payments/services/cod.py), so they
count from confirmation, like prepaid orders from payment.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When
from django.db.models.functions import Cast, Concat, Substr, TruncMonth

from lapak.market.orders.models import OrderLine, SellerOrder

# The dimensions `paid_line_groups` can group by, as paths from an order line.
LINE_DIMENSIONS = {
    "province": Substr("seller_order__origin_village_code", 1, 2),
    "buyer_province": Substr("seller_order__order__village_code", 1, 2),
    "umkm_class": F("seller_order__seller__umkm_class"),
    "seller_type": F("seller_order__seller__seller_type"),
    "origin": F("origin"),
}


def paid_seller_order_facts(*, after: tuple[datetime | None, int], until: datetime, limit: int) -> list[dict]:
    """The next `limit` seller orders whose order was paid after the position `after` = (paid_at, seller order id)
    and before `until`, ordered by (paid_at, id), each a dict: id, paid_at, jurisdiction, buyer_id, buyer_province,
    seller_id, province (where the parcel ships from), umkm_class, seller_type and lines: [{category_id, origin,
    quantity, line_total}]."""
    position, position_id = after
    rows = SellerOrder.objects.filter(order__paid_at__isnull=False, order__paid_at__lt=until)
    if position is not None:
        rows = rows.filter(Q(order__paid_at__gt=position) | Q(order__paid_at=position, pk__gt=position_id))
    facts = list(rows.order_by("order__paid_at", "pk").values(
        "id", "seller_id", paid_at=F("order__paid_at"), jurisdiction=F("order__jurisdiction"),
        buyer_id=F("order__buyer_id"), buyer_village=F("order__village_code"), ship_from=F("origin_village_code"),
        umkm_class=F("seller__umkm_class"), seller_type=F("seller__seller_type"))[:limit])
    lines: dict[int, list[dict]] = {fact["id"]: [] for fact in facts}
    for line in (OrderLine.objects.filter(seller_order_id__in=list(lines)).order_by("pk")
                 .values("seller_order_id", "origin", "quantity", "line_total",
                         category_id=F("variant__product__category_id"))):
        lines[line.pop("seller_order_id")].append(line)
    for fact in facts:
        fact["buyer_province"] = (fact.pop("buyer_village") or "")[:2]
        fact["province"] = (fact.pop("ship_from") or "")[:2]
        fact["lines"] = lines[fact["id"]]
    return facts


def sellers_paid_between(*, since: datetime, until: datetime) -> set[int]:
    """Ids of the seller organisations with at least one seller order paid in [since, until)."""
    return set(SellerOrder.objects.filter(order__paid_at__gte=since, order__paid_at__lt=until)
               .values_list("seller_id", flat=True).distinct())


def paid_line_groups(*, jurisdiction: str, start: datetime, end: datetime, zone: tzinfo, by: Iterable[str],
                     category_of: dict[int, str] | None = None, seller_type: str | None = None,
                     orders_per_cell: bool = False) -> list[dict[str, Any]]:
    """Order lines of the jurisdiction's orders paid in [start, end), grouped by `by` ("month" in `zone`, first
    day as a date; "province", "buyer_province", "umkm_class", "seller_type", "origin"; "category": the value
    `category_of` maps the line's product category id to, "" when unmapped). Each group: the dimensions, "gmv"
    (sum of line totals), "units", "orders" (distinct seller orders; with `orders_per_cell`, distinct pairs of a
    seller order and a (category, origin) it has lines in), "sellers", "buyers" (distinct ids)."""
    dimensions: dict[str, Any] = {}
    for name in by:
        if name == "month":
            dimensions[name] = TruncMonth("seller_order__order__paid_at", tzinfo=zone)
        elif name == "category":
            dimensions[name] = _category_case(category_of or {})
        else:
            dimensions[name] = LINE_DIMENSIONS[name]
    lines = OrderLine.objects.filter(seller_order__order__jurisdiction=jurisdiction,
                                     seller_order__order__paid_at__gte=start, seller_order__order__paid_at__lt=end)
    if seller_type is not None:
        lines = lines.filter(seller_order__seller__seller_type=seller_type)
    orders: Any = "seller_order_id"
    if orders_per_cell:
        orders = Concat(Cast("seller_order_id", CharField()), Value("|"), _category_case(category_of or {}),
                        Value("|"), F("origin"), output_field=CharField())
    measures = {"gmv": Sum("line_total"), "units": Sum("quantity"), "orders": Count(orders, distinct=True),
                "sellers": Count("seller_order__seller_id", distinct=True),
                "buyers": Count("seller_order__order__buyer_id", distinct=True)}
    if not dimensions:
        total = lines.aggregate(**measures)
        return [total] if total["orders"] else []
    grouped = lines.annotate(**{f"d_{name}": expr for name, expr in dimensions.items()}).values(
        *[f"d_{name}" for name in dimensions]).annotate(**measures).order_by()
    out = []
    for row in grouped:
        if not row["orders"]:  # grouped by constants only (no category known): no GROUP BY, one row of zeros
            continue
        item = {name: row.pop(f"d_{name}") for name in dimensions}
        if "month" in item:
            item["month"] = item["month"].astimezone(zone).date().replace(day=1)
        for name in ("province", "buyer_province", "umkm_class", "seller_type", "origin", "category"):
            if name in item and item[name] is None:
                item[name] = ""
        out.append({**item, **row})
    return out


def _category_case(category_of: dict[int, str]) -> Case | Value:
    targets: dict[str, list[int]] = {}
    for category_id, target in category_of.items():
        targets.setdefault(target, []).append(category_id)
    if not targets:
        return Value("", output_field=CharField())
    return Case(*[When(variant__product__category_id__in=ids, then=Value(target)) for target, ids in
                  sorted(targets.items())], default=Value(""), output_field=CharField())
