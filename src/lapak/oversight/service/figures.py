"""The money figures: payment-method mix, PPh 22 withheld and payouts made (issue 9 part 2; ID-REC-2, ID-TAX-2).

Each computes from its rollup (`source == "rollup"`) or from the source tables through the payments and
affiliates selectors (`"scratch"`); both give the same rows. People counts (`_buyers`, `_sellers`) are capped at
the suppression threshold in both: privacy only needs to know whether a row reaches it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from lapak.market.affiliates.selectors_oversight import creator_payout_totals
from lapak.market.payments.selectors_oversight import (
    payment_method_labels,
    payment_totals,
    pph22_totals,
    seller_payout_totals,
)
from lapak.oversight.figures.base import Column, Figure, FigureQuery, FigureTable, register
from lapak.oversight.service import figures_service  # noqa: F401  (registers the service figure)
from lapak.oversight.service.common import capped, month_label, people, query_span, zone_for
from lapak.oversight.service.models import PaymentMethodMonth, PayoutMonth, TaxMonth, TaxSellerMonth

MONTH = _("Month")
METHOD_NAMES = payment_method_labels()
PAYEE_KINDS = {"seller": _("Sellers"), "creator": _("Creators")}


def _cells(model: type, query: FigureQuery) -> Any:
    first, last, _since, _until = query_span(query)
    return model.objects.filter(jurisdiction=query.jurisdiction, month__gte=first, month__lte=last)


def _group(rows: list[dict[str, Any]], by: tuple[str, ...], sums: tuple[str, ...],
           sets: tuple[str, ...]) -> dict[tuple, dict[str, Any]]:
    """Rollup cells added up by the dimensions `by`: counters summed, saturating sets collected."""
    groups: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(tuple(row[d] for d in by), {**{d: row[d] for d in by},
                                                               **{s: 0 for s in sums}, **{s: [] for s in sets}})
        for name in sums:
            group[name] += row[name]
        for name in sets:
            group[name].append(row[name])
    return groups


# -- payment-method mix ---------------------------------------------------------------------------------------


def payment_methods_compute(query: FigureQuery) -> FigureTable:
    by = query.by
    if query.source == "scratch":
        _first, _last, since, until = query_span(query)
        rows = [{**{d: row[d] for d in by}, "payments": row["payments"], "amount": row["amount"] or 0,
                 "_buyers": capped(row["buyers"])}
                for row in payment_totals(jurisdiction=query.jurisdiction, since=since, until=until,
                                          zone=zone_for(query.jurisdiction), group=by)]
    else:
        cells = _cells(PaymentMethodMonth, query).values("month", "method", "payments", "amount", "buyers")
        rows = [{**{d: g[d] for d in by}, "payments": g["payments"], "amount": g["amount"],
                 "_buyers": people(g["buyers"])}
                for g in _group(list(cells), by, ("payments", "amount"), ("buyers",)).values()]
    totals: dict[Any, int] = defaultdict(int)
    for row in rows:
        totals[row.get("month")] += row["amount"]
    for row in rows:
        total = totals[row.get("month")]
        row["share"] = round(row["amount"] / total, 4) if total else None
        if "month" in row:
            row["month"] = month_label(row["month"])
        if "method" in row:
            row["method_name"] = str(METHOD_NAMES.get(row["method"], row["method"]))
    rows.sort(key=lambda row: tuple(str(row[d]) for d in by))
    columns = [*_dimension_columns(by, {"month": [Column("month", MONTH, "dimension")],
                                        "method": [Column("method", _("Method code"), "dimension"),
                                                   Column("method_name", _("Payment method"), "text")]}),
               Column("payments", _("Successful payments")), Column("amount", _("Amount"), "money"),
               Column("share", _("Share of the amount") if "month" not in by else _("Share of the month's amount"),
                      "share")]
    return FigureTable(
        columns=columns, rows=rows, chart=("method_name", "amount") if by == ("method",) else None,
        method=_("A successful payment is a payment marked paid whose money paid its order (payments that arrived "
                 "for an order that could no longer take them are refunded and left out), counted in the month it "
                 "was paid, in local time. Cash on delivery counts once the courier remitted the cash, for the "
                 "parcels remitted. Whole months touching the chosen dates."))


def _dimension_columns(by: tuple[str, ...], columns: dict[str, list[Column]]) -> list[Column]:
    return [column for dimension in by for column in columns[dimension]]


register(Figure(
    key="payment-methods", title=_("Payment-method mix"),
    description=_("Successful payments and their amount by payment method and month (ID-REC-2)."),
    compute=payment_methods_compute, dimensions={"month": MONTH, "method": _("Payment method")},
    default_by=("method",), rule_ids=("ID-REC-2",), order=60))


# -- PPh 22 withheld --------------------------------------------------------------------------------------------


def tax_compute(query: FigureQuery) -> FigureTable:
    by = query.by
    if query.source == "scratch":
        _first, _last, since, until = query_span(query)
        rows = [{**{d: row[d] for d in by}, "withheld": row["withheld"] or 0, "seller_orders": row["seller_orders"],
                 "sellers": row["sellers"]}
                for row in pph22_totals(jurisdiction=query.jurisdiction, since=since, until=until,
                                        zone=zone_for(query.jurisdiction), group=by)]
    else:
        cells = _cells(TaxMonth, query).values("month", "withheld", "seller_orders")
        groups = _group(list(cells), by, ("withheld", "seller_orders"), ())
        sellers = {tuple(row[d] for d in by): row["n"] for row in _cells(TaxSellerMonth, query)
                   .values(*by).annotate(n=Count("seller_id", distinct=True)).order_by()} if by else {
            (): _cells(TaxSellerMonth, query).values("seller_id").distinct().count()}
        rows = [{**group, "sellers": sellers.get(key, 0)} for key, group in groups.items()]
    for row in rows:
        row["_sellers"] = capped(row["sellers"])
        if "month" in row:
            row["month"] = month_label(row["month"])
    rows.sort(key=lambda row: tuple(str(row[d]) for d in by))
    return FigureTable(
        columns=[*_dimension_columns(by, {"month": [Column("month", MONTH, "dimension")]}),
                 Column("withheld", _("PPh 22 withheld"), "money"),
                 Column("seller_orders", _("Seller orders withheld from")),
                 Column("sellers", _("Sellers withheld from"))],
        rows=rows, chart=("month", "withheld") if by == ("month",) else None,
        method=_("PPh 22 (0.5 per cent of a seller's goods turnover, ID-TAX-2) withheld when a seller order's "
                 "escrow is released to the seller, in the month of the release, local time; sellers with an "
                 "exemption on record are not withheld from. Whole months touching the chosen dates."),
        notes=[_("PPh 22 given back when goods are refunded after the release is not deducted here.")])


register(Figure(
    key="tax", title=_("PPh 22 withheld"),
    description=_("Income tax (PPh 22) the marketplace withheld from sellers' turnover, by month (ID-TAX-2)."),
    compute=tax_compute, dimensions={"month": MONTH}, default_by=("month",), rule_ids=("ID-TAX-2",), order=61))


# -- payouts made -----------------------------------------------------------------------------------------------


def payouts_compute(query: FigureQuery) -> FigureTable:
    by = query.by
    if query.source == "scratch":
        _first, _last, since, until = query_span(query)
        span = {"jurisdiction": query.jurisdiction, "since": since, "until": until,
                "zone": zone_for(query.jurisdiction), "group": tuple(d for d in by if d != "kind")}
        merged: dict[tuple, dict[str, Any]] = {}
        for kind, totals in (("seller", seller_payout_totals(**span)), ("creator", creator_payout_totals(**span))):
            for row in totals:
                values = {d: (kind if d == "kind" else row[d]) for d in by}
                group = merged.setdefault(tuple(values[d] for d in by), {**values, "payouts": 0, "amount": 0,
                                                                         "_sellers": 0})
                group["payouts"] += row["payouts"]
                group["amount"] += row["amount"] or 0
                group["_sellers"] += row["payees"]  # sellers and creators are different payees
        rows = [{**row, "_sellers": capped(row["_sellers"])} for row in merged.values()]
    else:
        cells = _cells(PayoutMonth, query).values("month", "kind", "payouts", "amount", "payees")
        rows = [{**{d: g[d] for d in by}, "payouts": g["payouts"], "amount": g["amount"],
                 "_sellers": people(g["payees"])}
                for g in _group(list(cells), by, ("payouts", "amount"), ("payees",)).values()]
    for row in rows:
        if "month" in row:
            row["month"] = month_label(row["month"])
        if "kind" in row:
            row["kind_name"] = str(PAYEE_KINDS[row["kind"]])
    rows.sort(key=lambda row: tuple(str(row[d]) for d in by))
    columns = _dimension_columns(by, {"month": [Column("month", MONTH, "dimension")],
                                      "kind": [Column("kind", _("Payee code"), "dimension"),
                                               Column("kind_name", _("Paid to"), "text")]})
    return FigureTable(
        columns=[*columns, Column("payouts", _("Payouts")), Column("amount", _("Amount paid out"), "money")],
        rows=rows, chart=("month", "amount") if by == ("month",) else None,
        method=_("Payouts to sellers and to creators (their commission) that the payment gateway confirmed paid, "
                 "in the month of the confirmation, local time; held, failed or pending payouts are not counted. "
                 "Creators are paid in Indonesia only. Whole months touching the chosen dates."),
        notes=[_("A payout the bank sends back after confirming it stays counted in the month it was confirmed; "
                 "the money is paid again by a later payout.")])


register(Figure(
    key="payouts", title=_("Payouts made"),
    description=_("Money paid out to sellers and creators, by month."),
    compute=payouts_compute, dimensions={"month": MONTH, "kind": _("Paid to")}, default_by=("month", "kind"),
    order=62))
