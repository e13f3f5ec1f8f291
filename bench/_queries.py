"""A realistic mix of catalogue searches, drawn once per run from a seed.

Query words come from the same vocabulary the demo catalogue is generated from (the demo seeders' data), so
they hit the million listings the way buyers' words would: very common words ("baju", "murah", "original",
"wanita") often and alone, product names of one to three words, typos, half-typed prefixes, some English,
and now and then a filter (category, price, province, halal, local, UMKM, in stock) or a sort order.
Popularity follows a Zipf law: a few queries make up much of the traffic, a long tail is asked once.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from urllib.parse import urlencode

from bench._server import REPO

WORDS = REPO / "src" / "lapak" / "demo" / "seeders" / "data" / "catalog_words.json"
CATEGORIES = REPO / "src" / "lapak" / "market" / "catalog" / "data" / "categories.json"
# Very common words, most popular first, with the top-level category a buyer might narrow them to.
COMMON = {"baju": "fashion-wanita", "murah": None, "original": None, "wanita": "fashion-wanita", "pria": "fashion-pria",
          "kaos": "fashion-pria", "anak": "ibu-bayi", "hijab": "fashion-wanita", "sepatu": "fashion-pria",
          "premium": None, "tas": "fashion-wanita", "kopi": "makanan-minuman", "celana": "fashion-pria",
          "jumbo": None, "promo": None, "keripik": "makanan-minuman", "sambal": "makanan-minuman",
          "casing": "handphone-tablet", "set": None, "madu": "makanan-minuman", "charger": "handphone-tablet",
          "helm": "otomotif"}
# Shares of the traffic by kind of query (before filters): common words and plain product words dominate.
KIND_SHARES = {"common": 30, "word": 18, "phrase": 26, "english": 6, "prefix": 9, "typo": 11}
PROVINCE_WEIGHTS = {"31": 14, "32": 20, "33": 12, "35": 16, "36": 7, "34": 4, "51": 3, "12": 4, "73": 3}
SORTS = (("relevance", 70), ("price_asc", 12), ("newest", 8), ("price_desc", 5), ("best_selling", 5))
PRICE_CAPS = (25_000, 50_000, 100_000, 150_000, 250_000, 500_000, 1_000_000)


@dataclass(frozen=True)
class Query:
    params: dict[str, str]
    kind: str  # common, phrase, typo, prefix, english; "+filter" when a filter is set

    def path(self, base: str) -> str:
        return f"{base}?{urlencode(self.params)}"


def _vocabulary() -> tuple[list[tuple[str, str, list[str]]], dict]:
    words = json.loads(WORDS.read_text(encoding="utf-8"))
    tree = json.loads(CATEGORIES.read_text(encoding="utf-8"))
    parent = {leaf["slug"]: top["slug"] for top in tree["categories"] for leaf in top.get("children", [])}
    leaves = []
    for slug, leaf in words["leaves"].items():
        group = words["groups"][parent[slug]]
        modifiers = [w.lower() for w in [*group.get("audience", []), *leaf.get("adjectives", group["adjectives"]),
                                         *words["marketing"][:6]]]
        leaves.append((slug, parent[slug], [n.lower() for n in leaf["nouns"]], leaf["en"], modifiers))
    return leaves, words


def _zipf_pick(rng: random.Random, items: list, s: float = 1.1):
    weights = [1 / (rank + 1) ** s for rank in range(len(items))]
    return rng.choices(items, weights)[0]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    how = rng.choice(("drop", "swap", "double", "vowel"))
    if how == "drop":
        return word[:i] + word[i + 1:]
    if how == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aiueo") + word[i + 1:]


def query_mix(*, seed: int, count: int) -> list[Query]:
    """`count` queries in the order clients send them; the same for the same seed."""
    rng = random.Random(seed)
    leaves, _words = _vocabulary()
    rng.shuffle(leaves)  # which product kinds are popular is part of the seed
    by_kind: dict[str, list[Query]] = {}
    for _ in range(max(60, count // 4)):
        query = _query(rng, leaves)
        by_kind.setdefault(query.kind.split("+")[0], []).append(query)
    # Within a kind, a few queries are asked again and again and a long tail once or twice (Zipf).
    pool, weights = [], []
    for kind, queries in by_kind.items():
        ranks = [1 / (rank + 1) ** 0.9 for rank in range(len(queries))]
        pool += queries
        weights += [KIND_SHARES[kind] * r / sum(ranks) for r in ranks]
    return rng.choices(pool, weights, k=count)


def _query(rng: random.Random, leaves: list) -> Query:
    slug, group, nouns, english, modifiers = _zipf_pick(rng, leaves, 0.8)
    roll = rng.random()
    category = slug if rng.random() < 0.6 else group
    if roll < 0.15:
        common = _zipf_pick(rng, list(COMMON), 1.0)
        kind, words, category = "common", [common], COMMON[common]
    elif roll < 0.23:
        kind, words = "english", rng.choice(english).lower().split()[:3]
    else:
        words = rng.choice(nouns).split()[: rng.choice((1, 2, 2, 3))]
        modifier = rng.choice(modifiers).split()
        if len(words) + len(modifier) <= 3 and rng.random() < 0.45:
            words += modifier
        kind = "phrase" if len(words) > 1 else "word"
        if roll > 0.88:
            kind, words[-1] = "typo", _typo(rng, words[-1])
        elif roll > 0.80 and len(words[-1]) > 4:
            kind, words[-1] = "prefix", words[-1][: rng.randint(3, 4)]
    params = {"q": " ".join(words)}
    filtered = False
    if category and rng.random() < 0.15:
        params["category"] = category
        filtered = True
    if rng.random() < 0.08:
        cap = rng.choice(PRICE_CAPS)
        params["price_max"] = str(cap)
        if rng.random() < 0.4:
            params["price_min"] = str(cap // 4)
        filtered = True
    if rng.random() < 0.05:
        codes = list(PROVINCE_WEIGHTS)
        params["province"] = rng.choices(codes, [PROVINCE_WEIGHTS[c] for c in codes])[0]
        filtered = True
    for name, share in (("halal", 0.25 if group in ("makanan-minuman", "kecantikan") else 0.01), ("local", 0.03),
                        ("umkm", 0.02), ("in_stock", 0.06)):
        if rng.random() < share:
            params[name] = "1"
            filtered = True
    sort = rng.choices([s for s, _w in SORTS], [w for _s, w in SORTS])[0]
    if sort != "relevance":
        params["sort"] = sort
    return Query(params, kind + ("+filter" if filtered else ""))


def mix_summary(queries: list[Query]) -> dict:
    kinds: dict[str, int] = {}
    for query in queries:
        kinds[query.kind] = kinds.get(query.kind, 0) + 1
    return {"requests_planned": len(queries), "distinct": len({tuple(sorted(q.params.items())) for q in queries}),
            "by_kind": dict(sorted(kinds.items())),
            "one_word": sum(len(q.params["q"].split()) == 1 for q in queries),
            "examples": [q.params for q in queries[:8]]}
