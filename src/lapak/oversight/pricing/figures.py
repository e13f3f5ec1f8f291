"""The `price-dumping` figure: active listings, imported ones above all, priced far below the median of comparable
listings in their category, listed for review with the evidence (price, median, ratio, how many compared, and
for direct cross-border goods the ID-XB-1 price floor in rupiah).

Rows are listings, not cells of people, so nothing is suppressed; the seller appears only as a stable pseudonym,
and by shop name only to a regulator whose jurisdiction recorded a legal request naming that seller
(`query.names_allowed`). No owner, address or identity number is ever read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.utils import formats, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lapak.compliance.engine import rules_in_force
from lapak.compliance.reference import ReferenceView
from lapak.market.catalog.selectors_pricing import (
    IMPORTED_ORIGINS,
    ORIGIN_LABELS,
    active_listing_prices,
    listing_facts,
    seller_shop_names,
)
from lapak.oversight.figures.base import Column, Figure, FigureQuery, FigureTable, register
from lapak.oversight.pricing.selectors import local_today, price_signals_rolled
from lapak.oversight.pricing.stats import DUMPING_RATIO, MIN_COMPARABLES, category_compare, whole_rupiah
from lapak.oversight.privacy import seller_pseudonym

KEY = "price-dumping"

COLUMNS = [
    Column("seller", _("Seller (pseudonym)"), "text"),
    Column("shop_name", _("Shop (named by a legal request)"), "text"),
    Column("listing", _("Listing"), "text"),
    Column("title", _("Title"), "text"),
    Column("category", _("Category"), "dimension"),
    Column("category_name", _("Category name"), "text"),
    Column("origin", _("Origin"), "dimension"),
    Column("origin_name", _("Origin (label)"), "text"),
    Column("origin_country", _("Country of origin"), "dimension"),
    Column("price", _("Price"), "money"),
    Column("median", _("Category median"), "money"),
    Column("ratio", _("Price ÷ median"), "share"),
    Column("comparables", _("Comparable listings"), "count"),
    Column("floor", _("Cross-border price floor (ID-XB-1)"), "money"),
]


@dataclass(frozen=True)
class Entry:
    product_id: int
    price: int
    median: Decimal
    ratio: Decimal
    comparables: int


@dataclass(frozen=True)
class Floor:
    rupiah: int | None  # None: no exchange rate loaded
    origins: frozenset[str]
    seller_types: frozenset[str]
    exempt_hs_codes: frozenset[str]

    def applies(self, facts: dict) -> bool:
        direct = facts["origin"] in self.origins or facts["seller_type"] in self.seller_types
        return direct and facts["hs_code"] not in self.exempt_hs_codes


def price_floor(jurisdiction: str) -> Floor | None:
    """The cross-border price floor in force today, in rupiah at today's rate, as the compliance engine reads it
    (the rule version whose parameters carry `floor_usd_cents`); None when the jurisdiction has no such rule."""
    on = local_today(jurisdiction)
    for item in rules_in_force(jurisdiction=jurisdiction, event="listing.publish", on=on):
        params = item.version.parameters
        if "floor_usd_cents" not in params:
            continue
        reference = ReferenceView(jurisdiction=jurisdiction, on=on)
        rate = reference.rate(params.get("currency", "USD"))
        rupiah = None if rate is None else int(
            (Decimal(params["floor_usd_cents"]) * rate.idr_per_unit / 100).to_integral_value(ROUND_CEILING))
        positive = reference.positive_list()
        return Floor(rupiah, frozenset(params.get("origins", [])), frozenset(params.get("seller_types", [])),
                     positive.codes if positive else frozenset())
    return None


def _scratch(jurisdiction: str) -> tuple[list[Entry], int]:
    by_category: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for item in active_listing_prices(jurisdiction=jurisdiction):
        by_category[item.category_id].append((item.product_id, item.price))
    entries: list[Entry] = []
    compared = 0
    for listings in by_category.values():
        result = category_compare(listings)
        compared += result.compared
        entries.extend(Entry(flag.product_id, flag.price, result.median, flag.ratio, result.listings - 1)
                       for flag in result.flags)
    entries.sort(key=lambda entry: (entry.ratio, entry.product_id))
    return entries, compared


def price_dumping(query: FigureQuery) -> FigureTable:
    if query.source == "scratch":
        entries, compared = _scratch(query.jurisdiction)
        as_of = gettext("computed from the catalogue just now")
    else:
        rolled = price_signals_rolled(jurisdiction=query.jurisdiction)
        entries = [Entry(s.product_id, s.price, s.median, s.ratio, s.comparables) for s in rolled.signals]
        compared = rolled.categories_compared
        as_of = (formats.date_format(rolled.refreshed_at, "DATETIME_FORMAT") if rolled.refreshed_at
                 else gettext("never: the rollup has not run yet"))
    facts = listing_facts(product_ids=[entry.product_id for entry in entries])
    named = _shop_names(query, {facts[e.product_id]["seller_id"] for e in entries if e.product_id in facts})
    floor = price_floor(query.jurisdiction)
    language = translation.get_language() or "en"
    rows = []
    for entry in entries:
        item = facts.get(entry.product_id)
        if item is None:
            continue
        rows.append({
            "seller": seller_pseudonym(item["seller_id"]), "shop_name": named.get(item["seller_id"], ""),
            "listing": item["listing"], "title": item["title"], "category": item["category"],
            "category_name": item["category_name_id" if language.startswith("id") else "category_name_en"],
            "origin": item["origin"], "origin_name": str(ORIGIN_LABELS.get(item["origin"], item["origin"])),
            "origin_country": item["origin_country"], "price": entry.price, "median": whole_rupiah(entry.median),
            "ratio": float(entry.ratio), "comparables": entry.comparables,
            "floor": floor.rupiah if floor is not None and floor.applies(item) else None,
        })
    imported = sum(1 for row in rows if row["origin"] in IMPORTED_ORIGINS)
    return FigureTable(
        columns=COLUMNS, rows=rows, chart=("title", "ratio"), privacy="listing",
        headline=[(_("Listings flagged"), str(len(rows))), (_("Of which imported"), str(imported)),
                  (_("Categories compared"), str(compared))],
        method=_method(), notes=[gettext("A snapshot of the listings active at %(when)s; the date range does not "
                                         "apply to this figure.") % {"when": as_of}],
    )


def _shop_names(query: FigureQuery, sellers: set[str]) -> dict[str, str]:
    wanted = sellers & set(query.names_allowed)
    if not wanted:
        return {}
    return {seller: name for seller, (name, jurisdiction) in seller_shop_names(public_ids=wanted).items()
            if jurisdiction == query.jurisdiction}


def _method() -> str:
    return gettext(
        "Each active listing, at its lowest active variant price, is compared with the active listings of the same "
        "category whose sellers are in this jurisdiction. It is flagged when its price is below %(ratio)s of the "
        "category median (the median of all the category's listings, itself included); a category is compared only "
        "when a listing has at least %(minimum)s others beside it. Sellers appear by a stable pseudonym, named only "
        "under a legal request recorded for this jurisdiction. The floor column is the direct cross-border price "
        "floor at today's Finance Ministry rate, for the listings it applies to."
    ) % {"ratio": f"{float(DUMPING_RATIO) * 100:g} %", "minimum": MIN_COMPARABLES}


register(Figure(
    key=KEY, title=_("Price-dumping signals"),
    description=_("Active listings, imported ones above all, priced far below the median of comparable listings in "
                  "their category, listed for review with the evidence."),
    compute=price_dumping, rule_ids=("ID-XB-1",), order=80,
))
