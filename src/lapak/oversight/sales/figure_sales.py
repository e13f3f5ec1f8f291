"""The `sales` and `first-party` figures: GMV and seller orders by month and the other sales dimensions."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from lapak.market.catalog.selectors_oversight import active_listing_count
from lapak.market.sellers.selectors.oversight import organisation_ids
from lapak.oversight.figures.base import Column, FigureQuery, FigureTable
from lapak.oversight.sales.cells import month_span, next_month, percent
from lapak.oversight.sales.grouping import LINE_ONLY, sales_groups
from lapak.oversight.sales.labels import dimension_columns, labelled
from lapak.oversight.sales.models import PEOPLE_CAP

FIRST_PARTY = "first_party"
MICRO_AND_SMALL = frozenset({"micro", "small"})

SALES_METHOD = _(
    "GMV is the value of the goods in seller orders (the sum of their line totals, PPN included, before vouchers, "
    "without shipping), counted in the month the order was paid, in the jurisdiction's local time. Cash-on-"
    "delivery orders count from the moment the buyer chose COD and the order was confirmed for the shops. "
    "Cancellations and refunds are not subtracted (the service figure reports refunds). Orders are seller "
    "orders: one checkout with two shops is two. The seller's province is where the parcel ships from; the "
    "UMKM class is the seller's declared class; the category is the top-level category of the product.")
FIRST_PARTY_METHOD = _(
    "Seller orders and GMV (as in the sales figure) of organisations of the first-party type, the platform "
    "selling its own goods, by the month the order was paid; their organisations and their listings on sale now. "
    "These rows are not suppressed for having fewer than 10 sellers: the seller is the platform itself, not a "
    "person, and its activity is what the rule is about. They are suppressed for fewer than 10 buyers.")


def _money(amount: int) -> str:
    return "Rp " + number_format(int(amount), force_grouping=True)


def _count(value: int) -> str:
    return number_format(int(value), force_grouping=True)


def _month_notes(query: FigureQuery) -> list:
    first, last = month_span(query.date_from, query.date_to)
    month_end = next_month(last) - timedelta(days=1)
    # A range ending today is simply "to date"; only a range cut inside a past month is widened.
    cut_short = query.date_to != month_end and query.date_to < timezone.localdate()
    if query.date_from != first or cut_short:
        return [_("Sales are counted by whole months: the range was widened to %(first)s – %(last)s.")
                % {"first": first.strftime("%Y-%m"), "last": last.strftime("%Y-%m")}]
    return []


def sales_compute(query: FigureQuery) -> FigureTable:
    by = query.by
    rows = labelled(sales_groups(query, by), by)
    notes = _month_notes(query)
    if LINE_ONLY & set(by):
        notes.append(_("Grouped by category or origin, a seller order counts once for each pair of category and "
                       "origin it has lines in (also when only one of the two is shown): the orders column can "
                       "add up to more than the seller orders there were (GMV and units add up exactly)."))
    total = sales_groups(query, ())
    headline: list = []
    if total and (total[0]["_sellers"] < PEOPLE_CAP or total[0]["_buyers"] < PEOPLE_CAP):
        headline.append((_("GMV"), str(_("suppressed (fewer than 10 sellers or buyers)"))))
    elif total:
        classes = sales_groups(query, ("umkm_class",))
        small = sum(row["gmv"] for row in classes if row["umkm_class"] in MICRO_AND_SMALL)
        gmv = total[0]["gmv"]
        # Beside the table by UMKM class, the micro-and-small sum (or the total minus it) would give back a class
        # the table blanks when it is the only blanked class on its side: then the share is not shown.
        blanked = [row["umkm_class"] in MICRO_AND_SMALL for row in classes
                   if row["_sellers"] < PEOPLE_CAP or row["_buyers"] < PEOPLE_CAP]
        hidden = 1 in (blanked.count(True), blanked.count(False))
        share = (str(_("suppressed (a UMKM class has fewer than 10 sellers or buyers)")) if hidden
                 else f"{percent(small, gmv)} ({_money(small)})" if gmv else "—")
        headline += [(_("GMV"), _money(gmv)), (_("Seller orders"), _count(total[0]["orders"])),
                     (_("Share of GMV earned by micro and small sellers"), share)]
    else:
        headline.append((_("GMV"), _money(0)))
    columns = [*dimension_columns(by), Column("gmv", _("GMV"), "money"), Column("orders", _("Seller orders")),
               Column("units", _("Units"))]
    return FigureTable(columns=columns, rows=rows, method=SALES_METHOD, chart=None, headline=headline, notes=notes)


def first_party_compute(query: FigureQuery) -> FigureTable:
    by = query.by
    rows = labelled(sales_groups(query, by, seller_type=FIRST_PARTY), by)
    for row in rows:
        row.pop("_sellers", None)  # the platform, not a person: see FIRST_PARTY_METHOD
    organisations = organisation_ids(jurisdiction=query.jurisdiction, seller_type=FIRST_PARTY)
    listings = active_listing_count(seller_ids=organisations) if organisations else 0
    total = sales_groups(query, (), seller_type=FIRST_PARTY)
    gmv = total[0]["gmv"] if total else 0
    orders = total[0]["orders"] if total else 0
    headline: list = [(_("First-party organisations"), _count(len(organisations))),
                      (_("Their listings on sale now"), _count(listings))]
    if total and total[0]["_buyers"] < PEOPLE_CAP:
        headline.append((_("First-party GMV"), str(_("not zero; amount suppressed (fewer than 10 buyers)"))))
    else:
        headline += [(_("First-party GMV"), _money(gmv)), (_("First-party seller orders"), _count(orders))]
    notes = _month_notes(query)
    if query.jurisdiction == "ID":
        if listings or orders:
            notes.append(_("Finding: ID-MKT-1 forbids the marketplace to sell its own goods in Indonesia, and "
                           "first-party activity here is not zero."))
        elif organisations:
            notes.append(_("First-party organisations are registered here, with no listing on sale and no sales "
                           "in this range (ID-MKT-1 forbids them to list)."))
        else:
            notes.append(_("Zero, as ID-MKT-1 requires: the marketplace sells no goods of its own in Indonesia."))
    columns = [*dimension_columns(by), Column("gmv", _("GMV"), "money"), Column("orders", _("Seller orders"))]
    for row in rows:
        row.pop("units", None)
    return FigureTable(columns=columns, rows=rows, method=FIRST_PARTY_METHOD, headline=headline, notes=notes)
