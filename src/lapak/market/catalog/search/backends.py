"""Full-text candidates per database: PostgreSQL (`indonesian` + pg_trgm) and SQLite (FTS5).

Each backend answers one question: which index rows match these tokens and filters, at most `cap` of them,
each with a relevance score. Matches in the title are fetched first (and score higher), so when a common word
matches far more listings than the cap, the cap keeps the listings that are about it rather than the ones that
merely mention it. Everything after (sorting, facets, pages) is shared Python over the returned rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection

from lapak.market.catalog.search.text import similarity, words

# SQL here is assembled from constant fragments and `Filter.sql` (constants too); every value is a parameter.
TITLE_BONUS = 1.0
FUZZY_CAP = 200
FUZZY_MIN_SIMILARITY = 0.4

COLUMNS = ("d.product_id, d.price_min, d.published_at, d.sold_count, d.category_id, d.province, d.is_local, "
           "d.is_umkm, d.halal, d.in_stock, d.title")


@dataclass(frozen=True)
class Candidate:
    id: int
    price_min: int
    published_at: datetime
    sold_count: int
    category_id: int
    province: str
    is_local: bool
    is_umkm: bool
    halal: bool
    in_stock: bool
    title: str
    rank: float


@dataclass(frozen=True)
class Filter:
    """A WHERE fragment over the index alias `d` (starting with " AND ") and its parameters."""

    sql: str
    params: tuple


def _rows(sql: str, params: list) -> list[Candidate]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result = []
    for row in rows:
        published = row[2]
        if isinstance(published, str):  # SQLite hands raw SQL results back as naive UTC (text or datetime)
            published = datetime.fromisoformat(published)
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        result.append(Candidate(row[0], row[1], published, row[3], row[4], row[5], bool(row[6]), bool(row[7]),
                                bool(row[8]), bool(row[9]), row[10], float(row[11])))
    return result


def _postgres(tokens: list[str], where: Filter, cap: int) -> list[Candidate]:
    def tsquery(weight: str) -> str:
        last = len(tokens) - 1
        return " & ".join(f"{token}:{'*' if i == last else ''}{weight}" for i, token in enumerate(tokens))

    title_q, any_q = tsquery("A"), tsquery("")
    found = _rows(
        f"SELECT {COLUMNS}, ts_rank_cd(d.tsv, q) + {TITLE_BONUS} FROM catalog_searchdocument d, "
        f"to_tsquery('indonesian', %s) q WHERE d.tsv @@ q {where.sql} LIMIT %s",
        [title_q, *where.params, cap],
    )
    if len(found) < cap:
        found += _rows(
            f"SELECT {COLUMNS}, ts_rank_cd(d.tsv, q) FROM catalog_searchdocument d, "
            f"to_tsquery('indonesian', %s) q, to_tsquery('indonesian', %s) qa "
            f"WHERE d.tsv @@ q AND NOT d.tsv @@ qa {where.sql} LIMIT %s",
            [any_q, title_q, *where.params, cap - len(found)],
        )
    return found


def _sqlite(tokens: list[str], where: Filter, cap: int) -> list[Candidate]:
    last = len(tokens) - 1
    terms = " AND ".join(f'"{token}"{"*" if i == last else ""}' for i, token in enumerate(tokens))
    base = (f"SELECT {COLUMNS}, -bm25(catalog_search_fts, 10.0, 1.0) + %s FROM catalog_search_fts f "
            f"JOIN catalog_searchdocument d ON d.product_id = f.rowid WHERE catalog_search_fts MATCH %s {where.sql}")
    found = _rows(f"{base} LIMIT %s", [TITLE_BONUS, f"{{title}} : ({terms})", *where.params, cap])
    if len(found) < cap:
        seen = [c.id for c in found]
        exclude = f" AND d.product_id NOT IN ({', '.join(['%s'] * len(seen))})" if seen else ""
        found += _rows(f"{base}{exclude} LIMIT %s", [0.0, terms, *where.params, *seen, cap - len(found)])
    return found


def text_candidates(tokens: list[str], where: Filter, cap: int) -> list[Candidate]:
    """Index rows matching every token (the last one as a prefix), title matches first, at most `cap`."""
    if connection.vendor == "postgresql":
        return _postgres(tokens, where, cap)
    return _sqlite(tokens, where, cap)


def _word_score(tokens: list[str], title: str) -> float:
    # Every query word must resemble some title word; the weakest one decides.
    title_words = words(title)
    return min(max((similarity(t, w) for w in title_words), default=0.0) for t in tokens)


def fuzzy_candidates(tokens: list[str], where: Filter) -> list[Candidate]:
    """When nothing matches exactly: titles with a word like each query word (typos), best first.

    The database narrows the titles (PostgreSQL: the trigram index, `<%` word similarity per word; SQLite,
    without one: titles sharing a word's first three letters); the score is then pg_trgm's similarity of each
    query word to its closest title word, the weakest word deciding, computed here for both.
    """
    if connection.vendor == "postgresql":
        alike = " OR ".join(["%s <%% lower(d.title)"] * len(tokens))
        with connection.cursor() as cursor:  # pg_trgm's default (0.6) misses one-letter typos in short words
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                           [str(FUZZY_MIN_SIMILARITY)])
        rough = _rows(f"SELECT {COLUMNS}, 0.0 FROM catalog_searchdocument d WHERE ({alike}) {where.sql} LIMIT %s",
                      [*tokens, *where.params, FUZZY_CAP * 5])
    else:
        starts = " OR ".join(f'"{token[:3]}"*' for token in tokens if len(token) >= 3)
        if not starts:
            return []
        rough = _rows(
            f"SELECT {COLUMNS}, 0.0 FROM catalog_search_fts f JOIN catalog_searchdocument d "
            f"ON d.product_id = f.rowid WHERE catalog_search_fts MATCH %s {where.sql} LIMIT %s",
            [f"{{title}} : ({starts})", *where.params, FUZZY_CAP * 5],
        )
    scored = [Candidate(**{**c.__dict__, "rank": _word_score(tokens, c.title)}) for c in rough]
    scored = [c for c in scored if c.rank >= FUZZY_MIN_SIMILARITY]
    scored.sort(key=lambda c: (-c.rank, -c.id))
    return scored[:FUZZY_CAP]
