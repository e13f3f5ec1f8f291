"""Full-text candidates per database: PostgreSQL (`indonesian` + pg_trgm) and SQLite (FTS5).

Each backend answers one question: which index rows match these tokens and the filters, at most `cap` of them.
It asks in rounds, best matches first, and stops as soon as the cap is full, so a very common word costs no
more than a rare one:

1. every word as typed, in the title;
2. every word anywhere — title, category names, descriptions (on PostgreSQL by its stem);
3. only if nothing matched so far: the last word as a prefix ("kemej" while typing);
4. only if still nothing: titles with a word like each query word (typos), scored with pg_trgm's trigram
   similarity.

Relevance is scored here, the same way for both databases, from the round and the title (`text.title_score`).
Filters apply to the first SCAN_CAP listings a round's words match, so no round scans more than that.
SQL here is assembled from constant fragments and `Filter.sql` (constants too); every value is a parameter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from django.db import connection

from lapak.market.catalog.search.text import similarity, title_score, words

FUZZY_CAP = 200
FUZZY_MIN_SIMILARITY = 0.4
FUZZY_MIN_WORD = 4  # shorter words have too few trigrams to tell a typo from another word
# Filters apply to at most this many listings matching the words, so a common word with a filter that rarely
# goes with it (say "murah" and a province) costs a bounded scan, not a walk through a third of the catalogue.
SCAN_CAP = 5_000

COLUMNS = ("d.product_id, d.price_min, d.published_at, d.sold_count, d.category_id, d.province, d.is_local, "
           "d.is_umkm, d.halal, d.in_stock, d.title")
# What the filters read, for the inner (text-matching) half of a bounded round.
_INNER = COLUMNS + ", d.price_max"
ROUND_BONUS = {"title": 3.0, "anywhere": 2.0, "prefix": 1.0}


class Candidate(NamedTuple):  # a tuple: a thousand are built per search, and cached
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
    rank: float = 0.0


@dataclass(frozen=True)
class Filter:
    """A WHERE fragment over the index alias `d` (starting with " AND ") and its parameters."""

    sql: str
    params: tuple


def _rows(sql: str, params: list, score: Callable[[str, int], float] | None = None) -> list[Candidate]:
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
        rank = score(row[10], row[3]) if score else 0.0
        result.append(Candidate(row[0], row[1], published, row[3], row[4], row[5], bool(row[6]), bool(row[7]),
                                bool(row[8]), bool(row[9]), row[10], rank))
    return result


def _scorer(tokens: list[str], round_name: str) -> Callable[[str, int], float]:
    bonus = ROUND_BONUS[round_name]
    return lambda title, sold: bonus + title_score(tokens, title, sold)


def _bounded(matching: str, params: list, where: Filter, cap: int, score: Callable | None,
             extra: str = "", extra_params: tuple = ()) -> list[Candidate]:
    """At most `cap` rows of those `matching` selects, filtered; the filters see at most SCAN_CAP matches."""
    if not where.sql:
        return _rows(f"SELECT {COLUMNS} FROM {matching}{extra} LIMIT %s", [*params, *extra_params, cap], score)
    return _rows(f"SELECT {COLUMNS} FROM (SELECT {_INNER} FROM {matching} LIMIT %s) d WHERE 1 = 1 "
                 f"{where.sql}{extra} LIMIT %s", [*params, SCAN_CAP, *where.params, *extra_params, cap], score)


def _pg_round(tsquery: str, config: str, where: Filter, cap: int, score: Callable, *,
              exclude: str = "") -> list[Candidate]:
    extra = " AND NOT d.tsv @@ to_tsquery('simple', %s)" if exclude else ""
    matching = f"catalog_searchdocument d WHERE d.tsv @@ to_tsquery('{config}', %s){extra}"
    return _bounded(matching, [tsquery, *([exclude] if exclude else [])], where, cap, score)


def _words_exist(matching: str, params: list) -> bool:
    # The words are in the catalogue and only the filters left nothing: no prefix or typo round then.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {matching})", params)
        return bool(cursor.fetchone()[0])


def _postgres(tokens: list[str], where: Filter, cap: int) -> list[Candidate]:
    typed = " & ".join(f"{token}:A" for token in tokens)
    found = _pg_round(typed, "simple", where, cap, _scorer(tokens, "title"))
    if len(found) < cap:
        stems = " & ".join(tokens)
        found += _pg_round(stems, "indonesian", where, cap - len(found), _scorer(tokens, "anywhere"), exclude=typed)
    if not found and where.sql and _words_exist(
            "catalog_searchdocument d WHERE d.tsv @@ to_tsquery('indonesian', %s)", [" & ".join(tokens)]):
        raise _FilteredOut
    if not found:
        prefix = " & ".join(f"{token}:{'*' if i == len(tokens) - 1 else ''}A" for i, token in enumerate(tokens))
        found = _pg_round(prefix, "simple", where, cap, _scorer(tokens, "prefix"))
    return found


def _fts(match: str, where: Filter, cap: int, score: Callable | None, exclude: list[int] = ()) -> list[Candidate]:
    skip = f" AND d.product_id NOT IN ({', '.join(['%s'] * len(exclude))})" if exclude else ""
    matching = ("catalog_search_fts f JOIN catalog_searchdocument d ON d.product_id = f.rowid "
                "WHERE catalog_search_fts MATCH %s")
    return _bounded(matching, [match], where, cap, score, skip, tuple(exclude))


def _sqlite(tokens: list[str], where: Filter, cap: int) -> list[Candidate]:
    exact = " AND ".join(f'"{token}"' for token in tokens)
    found = _fts(f"{{title}} : ({exact})", where, cap, _scorer(tokens, "title"))
    if len(found) < cap:
        found += _fts(exact, where, cap - len(found), _scorer(tokens, "anywhere"), exclude=[c.id for c in found])
    if not found and where.sql and _words_exist("catalog_search_fts WHERE catalog_search_fts MATCH %s", [exact]):
        raise _FilteredOut
    if not found:
        prefix = " AND ".join(f'"{t}"{"*" if i == len(tokens) - 1 else ""}' for i, t in enumerate(tokens))
        found = _fts(f"{{title}} : ({prefix})", where, cap, _scorer(tokens, "prefix"))
    return found


class _FilteredOut(Exception):
    """The words match listings, but none that passes the filters."""


def text_candidates(tokens: list[str], where: Filter, cap: int) -> tuple[list[Candidate], bool]:
    """Index rows matching every token, best rounds first, at most `cap`, each with its relevance; and whether
    the words are known at all (False invites the typo round; True with no rows means the filters excluded all)."""
    try:
        found = _postgres(tokens, where, cap) if connection.vendor == "postgresql" else _sqlite(tokens, where, cap)
    except _FilteredOut:
        return [], True
    return found, bool(found)


def _word_score(tokens: list[str], title: str) -> float:
    # Every query word must resemble some title word; the weakest one decides.
    title_words = words(title)
    return min(max((similarity(t, w) for w in title_words), default=0.0) for t in tokens)


def fuzzy_candidates(tokens: list[str], where: Filter) -> list[Candidate]:
    """When nothing matches: titles with a word like each query word of four letters or more, best first.

    The database narrows the titles (PostgreSQL: the trigram index, `<%` word similarity for every word;
    SQLite, without one: titles sharing each word's first three letters); the score is pg_trgm's similarity of
    each query word to its closest title word, the weakest word deciding, computed here for both.
    """
    tokens = [token for token in tokens if len(token) >= FUZZY_MIN_WORD]
    if not tokens:
        return []
    if connection.vendor == "postgresql":
        alike = " AND ".join(["%s <%% lower(d.title)"] * len(tokens))
        with connection.cursor() as cursor:  # pg_trgm's default (0.6) misses one-letter typos in short words
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                           [str(FUZZY_MIN_SIMILARITY)])
        rough = _bounded(f"catalog_searchdocument d WHERE {alike}", list(tokens), where, FUZZY_CAP * 5,
                         lambda title, _sold: _word_score(tokens, title))
    else:
        starts = " AND ".join(f'"{token[:3]}"*' for token in tokens)
        rough = _fts(f"{{title}} : ({starts})", where, FUZZY_CAP * 5, lambda title, _sold: _word_score(tokens, title))
    scored = [c for c in rough if c.rank >= FUZZY_MIN_SIMILARITY]
    scored.sort(key=lambda c: (-c.rank, -c.id))
    return scored[:FUZZY_CAP]
