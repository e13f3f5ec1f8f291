"""What the category page and the search page share: reading the filters, product cards, the next-page link.

Bad parameters never fail the page: each one gets its message beside its filter, and the results are shown as
if it had not been given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.files.storage import default_storage
from django.http import Http404, QueryDict
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.search import SearchHit, SearchPage, SearchQuery, search_products, search_query_from_params

FILTER_PARAMS = ("q", "category", "price_min", "price_max", "province", "local", "umkm", "halal", "in_stock",
                 "sort", "after", "limit")
FLAGS = ("local", "umkm", "halal", "in_stock")
FORM_FIELDS = ("price_min", "price_max", "province", "sort", *FLAGS)  # errors shown beside their field
FLAG_LABELS = {"local": _("Made in Indonesia by a local seller"), "umkm": _("UMKM seller"),
               "halal": _("Halal certified"), "in_stock": _("In stock")}
BROWSE_SORTS = ("newest", "price_asc", "price_desc", "best_selling")
TEXT_SORTS = ("relevance", *BROWSE_SORTS)
SORT_LABELS = {"relevance": _("Most relevant"), "newest": _("Newest"), "price_asc": _("Lowest price"),
               "price_desc": _("Highest price"), "best_selling": _("Best selling")}


@dataclass(frozen=True)
class Card:
    public_id: str
    title: str
    price_min: int
    price_max: int
    thumbnail_url: str
    seller_name: str
    province: str
    is_local: bool
    is_umkm: bool
    halal: bool
    in_stock: bool


@dataclass(frozen=True)
class Listing:
    query: SearchQuery
    page: SearchPage
    params: dict[str, str]  # the parameters in effect (bad ones dropped), for links and the form
    errors: dict[str, list[str]]
    cards: list[Card]
    next_url: str
    first_url: str


def _given(params: Mapping[str, str], fixed: Mapping[str, str]) -> dict[str, str]:
    given = {name: params.get(name, "").strip() for name in FILTER_PARAMS if isinstance(params.get(name), str)}
    given.update(fixed)
    return {name: value for name, value in given.items() if value}


def listing_read(params: QueryDict, *, fixed: Mapping[str, str]) -> Listing:
    """One page of results for the request's filters; `fixed` overrides them (the category page's own slug)."""
    given = _given(params, fixed)
    errors: dict[str, list[str]] = {}
    for _attempt in range(3):  # each round drops the parameters the last one refused
        try:
            query = search_query_from_params(given)
            page = search_products(query)
            break
        except ValidationFailed as error:
            refused = {name: [str(m) for m in messages] for name, messages in error.fields.items()}
            if set(refused) & set(fixed):  # the page's own category went away between two reads
                raise Http404("There is no such category.") from error
            errors.update(refused or {"__all__": [str(error.message)]})
            given = {name: value for name, value in given.items() if name in fixed or (refused and name not in refused)}
    else:  # pragma: no cover (only if the parser refused what it accepted a moment ago: show the plain page)
        given = {name: value for name, value in given.items() if name in fixed}
        query = search_query_from_params(given)
        page = search_products(query)
    provinces = {facet.value: facet.label for facet in page.facets.get("province", [])}
    cards = [_card(hit, provinces) for hit in page.hits]
    kept = {name: value for name, value in given.items() if name not in fixed and name != "after"}
    next_url = "?" + urlencode({**kept, "after": page.next_cursor}) if page.next_cursor else ""
    first_url = ("?" + urlencode(kept) if kept else "?") if query.after else ""
    return Listing(query=query, page=page, params=given, errors=errors, cards=cards, next_url=next_url,
                   first_url=first_url)


def _card(hit: SearchHit, provinces: Mapping[str, str]) -> Card:
    return Card(public_id=hit.public_id, title=hit.title, price_min=hit.price_min, price_max=hit.price_max,
                thumbnail_url=default_storage.url(hit.thumbnail) if hit.thumbnail else "",
                seller_name=hit.seller_name, province=provinces.get(hit.province, ""), is_local=hit.is_local,
                is_umkm=hit.is_umkm, halal=hit.halal, in_stock=hit.in_stock)


@dataclass(frozen=True)
class FlagFilter:
    name: str
    label: str
    count: int
    checked: bool
    errors: list[str]


def filter_panel(listing: Listing, raw: QueryDict, *, sorts: tuple[str, ...]) -> dict:
    """The filter form's state: what the buyer typed (even when refused, so it can be corrected), the counts."""
    facets, query = listing.page.facets, listing.query

    def count(name: str) -> int:
        return sum(value.count for value in facets.get(name, []))

    return {
        "page_errors": [message for name, messages in listing.errors.items() if name not in FORM_FIELDS
                        for message in messages],
        "price_min": raw.get("price_min", "")[:20], "price_max": raw.get("price_max", "")[:20],
        "province": query.province or "", "provinces": facets.get("province", []),
        "flags": [FlagFilter(name, str(FLAG_LABELS[name]), count(name), bool(getattr(query, name)),
                             listing.errors.get(name, [])) for name in FLAGS],
        "sort": query.sort if query.sort in sorts else sorts[0],
        "sorts": [(name, str(SORT_LABELS[name])) for name in sorts],
    }


def url_with(params: Mapping[str, str], *, drop: tuple[str, ...] = (), **changes: str) -> str:
    """A link to the same page with some parameters changed or removed (always back to the first page)."""
    kept = {k: v for k, v in params.items() if k not in drop and k != "after" and k not in changes}
    kept.update({k: v for k, v in changes.items() if v})
    return "?" + urlencode(kept)
