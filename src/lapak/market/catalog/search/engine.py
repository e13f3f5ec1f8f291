"""`search_products`: one interface over both databases for search (text) and browse (no text).

Browse walks an index in the chosen order with a keyset, so every page is exact and as cheap as the first;
its facet counts are one GROUP BY, cached. Search asks the backend for at most CANDIDATE_CAP matches (title
matches first), then sorts, counts facets and cuts pages in Python over that bounded set, so a very common
word costs no more than a rare one. When nothing matches, titles with similar words are tried and the
corrected query is offered.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime

from django.db import connection
from django.utils.translation import get_language

from lapak.market.catalog.search import backends
from lapak.market.catalog.search.backends import Candidate, Filter
from lapak.market.catalog.search.cursor import SORT_COLUMNS, Position, cursor_decode, cursor_encode
from lapak.market.catalog.search.facets import cached, category_and_descendants, category_by_slug, facets_build
from lapak.market.catalog.search.text import query_tokens, suggestion_from_titles
from lapak.market.catalog.search.types import CANDIDATE_CAP, PAGE_SIZE_MAX, SearchHit, SearchPage, SearchQuery

_NOTHING = Filter(" AND 1 = 0", ())


def _where(query: SearchQuery) -> tuple[Filter, int | None]:
    sql, params = [], []
    selected = None
    if query.category:
        node = category_by_slug(query.category)
        if node is None:
            return _NOTHING, None
        selected = node.id
        ids = category_and_descendants(node.id)
        sql.append(f"d.category_id IN ({', '.join(['%s'] * len(ids))})")
        params += ids
    if query.price_min is not None:
        sql.append("d.price_max >= %s")
        params.append(query.price_min)
    if query.price_max is not None:
        sql.append("d.price_min <= %s")
        params.append(query.price_max)
    if query.province:
        sql.append("d.province = %s")
        params.append(query.province)
    for flag in ("local", "umkm", "halal", "in_stock"):
        if getattr(query, flag):
            sql.append(f"d.{'is_' + flag if flag in ('local', 'umkm') else flag} = %s")
            params.append(True)
    return Filter("".join(f" AND {s}" for s in sql), tuple(params)), selected


def _key(*parts: object) -> str:
    return "catalog:search:" + hashlib.sha256(repr(parts).encode()).hexdigest()


# The columns of a result card, with the category's slug: one query gives a page (browse) or its cards (text).
_HIT_SELECT = ("d.product_id, d.public_id, d.title, d.price_min, d.price_max, d.thumbnail, d.seller_name, "
               "d.seller_slug, d.province, c.slug, d.is_local, d.is_umkm, d.halal, d.in_stock, d.sold_count")
_HIT_FROM = "catalog_searchdocument d JOIN catalog_category c ON c.id = d.category_id"


def _hit(row: tuple) -> SearchHit:
    return SearchHit(public_id=row[1], title=row[2], price_min=row[3], price_max=row[4], thumbnail=row[5],
                     seller_name=row[6], seller_slug=row[7], province=row[8], category=row[9],
                     is_local=bool(row[10]), is_umkm=bool(row[11]), halal=bool(row[12]), in_stock=bool(row[13]),
                     sold_count=row[14])


def _hits(ids: list[int]) -> list[SearchHit]:
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_HIT_SELECT} FROM {_HIT_FROM} WHERE d.product_id IN ({', '.join(['%s'] * len(ids))})",
                       ids)
        found = {row[0]: _hit(row) for row in cursor.fetchall()}
    return [found[pk] for pk in ids if pk in found]


def _sort_value(candidate: Candidate, column: str) -> object:
    return getattr(candidate, column)


def _text_search(query: SearchQuery, tokens: list[str], where: Filter, selected: int | None,
                 limit: int) -> SearchPage:
    def fetch() -> tuple[list[Candidate], str]:
        found, known = backends.text_candidates(tokens, where, CANDIDATE_CAP)
        if found or known:
            return found, ""
        fuzzy = backends.fuzzy_candidates(tokens, where)
        return fuzzy, suggestion_from_titles(tokens, [c.title for c in fuzzy[:20]])

    candidates, suggestion = cached(_key(connection.vendor, "text", tokens, where), fetch)
    column, descending = SORT_COLUMNS[query.sort]
    ordered = sorted(candidates, key=lambda c: (_sort_value(c, column), c.id), reverse=descending)
    if query.after:
        at = cursor_decode(query.after, sort=query.sort)
        mark = (at.value, at.id)
        ordered = [c for c in ordered if ((_sort_value(c, column), c.id) < mark if descending
                                          else (_sort_value(c, column), c.id) > mark)]
    page = ordered[:limit]
    more = len(ordered) > limit
    groups = Counter((c.category_id, c.province, c.is_local, c.is_umkm, c.halal, c.in_stock) for c in candidates)
    facets = facets_build(((*g, n) for g, n in groups.items()), selected_category=selected)
    last = page[-1] if page else None
    return SearchPage(
        hits=_hits([c.id for c in page]),
        next_cursor=cursor_encode(Position(query.sort, _sort_value(last, column), last.id)) if more and last else None,
        total=len(candidates), total_capped=len(candidates) >= CANDIDATE_CAP, facets=facets, suggestion=suggestion,
    )


def _aware(value: object) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _browse(query: SearchQuery, where: Filter, selected: int | None, limit: int) -> SearchPage:
    sort = "newest" if query.sort == "relevance" else query.sort
    column, descending = SORT_COLUMNS[sort]
    direction, compare = ("DESC", "<") if descending else ("ASC", ">")
    keyset, params = "", list(where.params)
    if query.after:
        at = cursor_decode(query.after, sort=sort)
        value = connection.ops.adapt_datetimefield_value(at.value) if column == "published_at" else at.value
        keyset = f" AND (d.{column}, d.product_id) {compare} (%s, %s)"
        params += [value, at.id]
    sql = (f"SELECT {_HIT_SELECT}, d.{column} FROM {_HIT_FROM} WHERE 1 = 1 {where.sql}{keyset} "
           f"ORDER BY d.{column} {direction}, d.product_id {direction} LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit + 1])
        rows = cursor.fetchall()
    more, rows = len(rows) > limit, rows[:limit]

    def groups() -> list[tuple]:
        # Province names come with the counts (a join), so a cold page needs no separate lookup.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.category_id, d.province, d.is_local, d.is_umkm, d.halal, d.in_stock, COUNT(*), "
                "MAX(r.name) FROM catalog_searchdocument d LEFT JOIN regions_region r ON r.code = d.province "
                f"WHERE 1 = 1 {where.sql} "
                "GROUP BY d.category_id, d.province, d.is_local, d.is_umkm, d.halal, d.in_stock", list(where.params))
            return [(c, p, bool(a), bool(b), bool(h), bool(s), n, name or p)
                    for c, p, a, b, h, s, n, name in cursor.fetchall()]

    counted = cached(_key(connection.vendor, "browse", where), groups, factor=5)
    cursor_value = None
    if more and rows:
        last_id, last_value = rows[-1][0], rows[-1][-1]
        last_value = _aware(last_value) if column == "published_at" else last_value
        cursor_value = cursor_encode(Position(sort, last_value, last_id))
    names = {group[1]: group[7] for group in counted}
    return SearchPage(
        hits=[_hit(row) for row in rows], next_cursor=cursor_value, total=sum(g[6] for g in counted),
        total_capped=False,
        facets=facets_build((g[:7] for g in counted), selected_category=selected, province_labels=names),
    )


def search_products(query: SearchQuery, *, facets: bool = True) -> SearchPage:
    """One page of public listings matching the query, with the cursor of the next page and facet counts.

    Guarantees: only listings buyers may see (the index holds nothing else); pages never repeat or skip a
    listing while the data stands still; a bad cursor raises ValidationFailed on `after`; a text query costs
    at most CANDIDATE_CAP candidates however common its words (`total_capped` says when the cap was hit).
    """
    limit = max(1, min(query.limit, PAGE_SIZE_MAX))
    where, selected = _where(query)
    tokens = query_tokens(query.text)

    def answer() -> SearchPage:
        if tokens:
            return _text_search(query, tokens, where, selected, limit)
        return _browse(query, where, selected, limit)

    # Popular searches repeat within seconds: the whole page (facet labels are in the active language).
    page = cached(_key(connection.vendor, "page", tokens, where, query.sort, query.after, limit, get_language()),
                  answer)
    return page if facets else SearchPage(page.hits, page.next_cursor, page.total, page.total_capped, {},
                                          page.suggestion)
