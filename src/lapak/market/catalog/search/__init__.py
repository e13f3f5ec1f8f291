"""Search and browse over public listings, on PostgreSQL or SQLite, behind one interface.

    page = search_products(search_query_from_params(request.GET))

Writes keep the index in step by calling `search_documents_refresh`; bulk loads call `search_documents_rebuild`.
"""

from lapak.market.catalog.search.engine import search_products
from lapak.market.catalog.search.indexing import (
    search_documents_rebuild,
    search_documents_refresh,
    search_documents_refresh_seller,
)
from lapak.market.catalog.search.params import search_query_from_params
from lapak.market.catalog.search.types import FacetValue, SearchHit, SearchPage, SearchQuery

__all__ = [
    "FacetValue",
    "SearchHit",
    "SearchPage",
    "SearchQuery",
    "search_documents_rebuild",
    "search_documents_refresh",
    "search_documents_refresh_seller",
    "search_products",
    "search_query_from_params",
]
