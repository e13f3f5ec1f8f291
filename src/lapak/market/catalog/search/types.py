"""The search interface's values: what a buyer asks (`SearchQuery`) and what comes back (`SearchPage`).

Both backends (PostgreSQL full-text + pg_trgm, SQLite FTS5) take and return exactly these, so pages, the API
and the benchmark never know which database answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SORTS = ("relevance", "price_asc", "price_desc", "newest", "best_selling")
PAGE_SIZE_DEFAULT = 24
PAGE_SIZE_MAX = 60
# Text queries rank at most this many matching documents; beyond it counts are "more than".
CANDIDATE_CAP = 1_000


@dataclass(frozen=True)
class SearchQuery:
    """One search or browse request. Empty `text` browses (all public listings matching the filters)."""

    text: str = ""
    category: str | None = None  # a category slug; its descendants are included
    price_min: int | None = None  # whole rupiah, compared with a listing's cheapest active variant
    price_max: int | None = None
    province: str | None = None  # two-digit Kemendagri province code of the seller's pickup address
    local: bool = False  # made in Indonesia (domestic origin) by a local seller
    umkm: bool = False  # seller declared micro or small (UMKM badge)
    halal: bool = False  # holds a halal certificate that has not expired
    in_stock: bool = False
    sort: str = "relevance"  # one of SORTS; without text, "relevance" means newest
    after: str | None = None  # the opaque cursor of the previous page's `next_cursor`
    limit: int = PAGE_SIZE_DEFAULT


@dataclass(frozen=True)
class SearchHit:
    public_id: str
    title: str
    price_min: int
    price_max: int
    thumbnail: str  # storage name of the first image's thumbnail, or ""
    seller_name: str
    seller_slug: str
    province: str  # province code
    category: str  # category slug
    is_local: bool
    is_umkm: bool
    halal: bool
    in_stock: bool
    sold_count: int


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str  # in the active language
    count: int


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    next_cursor: str | None
    total: int  # matching listings, or CANDIDATE_CAP when `total_capped`
    total_capped: bool
    # "category", "province", "local", "umkm", "halal", "in_stock"; counted over the same candidates as `total`
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str = ""  # a corrected query when the text matched nothing and a fuzzy match did
