"""Query text: tokens, our own short stopword list, and trigram similarity for "did you mean".

PostgreSQL's `indonesian` configuration stems but has no stopword list, and FTS5 has neither; so both backends
get the same tokens from here. Stopwords are dropped from queries only (documents keep them; a query never
contains them), and a query made of nothing but stopwords is searched as typed rather than as "everything".
"""

from __future__ import annotations

import re
import unicodedata

MAX_TOKENS = 6
MAX_TOKEN_LENGTH = 30
MAX_QUERY_LENGTH = 200

# Function words, and the marketing words sellers stuff into titles ("murah", "promo", "ready"): on every
# other listing, so they neither narrow a search nor say what the buyer wants.
STOPWORDS = frozenset(
    """
    yang dan di ke dari untuk dengan atau ini itu pada dalam juga ada akan sudah bisa tidak para oleh sebagai
    buat utk dgn yg sama lagi saja aja nya se
    murah termurah promo diskon terlaris laris ready stok stock ori original asli gratis ongkir cod best
    the and for of with a an in on to by new
    """.split()  # noqa: SIM905 (a word list reads better as words)
)

_SPLIT = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case without diacritics ("Café" → "cafe"), as the FTS5 tokenizer folds documents."""
    if text.isascii():  # nearly every title: skip the Unicode work
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of a text, as the index tokenises it."""
    return [word for word in _SPLIT.split(fold(text)) if word]


def query_tokens(text: str) -> list[str]:
    """The words to search for, in order, without duplicates or stopwords (unless nothing else is left)."""
    words: list[str] = []
    for word in _SPLIT.split(fold(text[:MAX_QUERY_LENGTH])):
        word = word[:MAX_TOKEN_LENGTH]
        if word and word not in words:
            words.append(word)
    meaningful = [word for word in words if word not in STOPWORDS]
    return (meaningful or words)[:MAX_TOKENS]


def _trigrams(word: str) -> set[str]:
    padded = f"  {word} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity of two words: shared trigrams over all trigrams of both."""
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def suggestion_from_titles(tokens: list[str], titles: list[str], *, threshold: float = 0.4) -> str:
    """The query with each word replaced by the most similar title word, or "" if that changes nothing."""
    vocabulary = {word for title in titles for word in words(title) if len(word) > 1}
    corrected = []
    for token in tokens:
        best = max(vocabulary, key=lambda word: (similarity(token, word), -abs(len(word) - len(token))),
                   default=token)
        corrected.append(best if similarity(token, best) >= threshold else token)
    return " ".join(corrected) if corrected != tokens else ""


def title_score(tokens: list[str], title: str, sold_count: int = 0) -> float:
    """Within a round: how much of the title the query's words cover (a short, exact title is the better
    match), an early first word, and a little popularity. Always below 1, so rounds never mix.

    Plain string arithmetic, no splitting: it runs for every candidate of every search."""
    folded = fold(title)
    if not folded:
        return 0.0
    covered = sum(len(token) for token in tokens if token in folded)
    coverage = min(1.0, covered / len(folded.replace(" ", "")))
    first = folded.find(tokens[0]) if tokens else -1
    early = 1 / (1 + first) if first >= 0 else 0.0
    popular = min(sold_count, 10_000) / 10_000
    return 0.7 * coverage + 0.2 * early + 0.09 * popular
