"""Does a bank account's holder name belong to the applicant?

Banks print holder names in capitals, often abbreviated ("M. RIZKI"), without titles; applicants type theirs
with titles and degrees ("Ir. H. Muhammad Rizki, S.Kom."). Both are reduced to bare name words first:
case, accents and punctuation dropped; leading forms of address and titles (Bapak, Ibu, Sdr., H., Hj., Ir.,
Dr., Prof., …) and trailing degrees (S.E., S.Kom, M.M., …) removed; spellings of Muhammad made one.

The words are then paired, in any order: the same word scores 1, an initial against a word it begins 0.8, a
close spelling ("Rizky"/"Rizki") its similarity when at least 0.8. The score is twice the paired total over
the number of words on both sides (1.0 for the same words). A match needs:

- a score of at least MATCH_THRESHOLD (0.75): one missing middle name of three still matches (0.8), one
  different word of two does not (0.5);
- every word of the shorter name paired, and at least one pairing that is not an initial;
- when the word counts differ, the longer name's first and last words paired: a missing *middle* name is
  tolerated, a missing first or last name is not (a spouse's "Iriana Joko Widodo" is not "Joko Widodo").

A name written as one word or two ("Nurhayati", "Nur Hayati") matches fully. Non-matches go to a reviewer;
this is a screening aid, not an identity proof.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

MATCH_THRESHOLD = 0.75
INITIAL_SCORE = 0.8
SPELLING_MIN = 0.8

TITLES = frozenset(
    {
        "bapak", "bpk", "bp", "pak", "ibu", "bu", "sdr", "sdri", "saudara", "saudari", "tn", "tuan", "ny",
        "nyonya", "nn", "nona", "mr", "mrs", "ms", "miss", "h", "hj", "kh", "ir", "dr", "drs", "dra", "prof",
        "ust", "ustadz", "ustadzah", "alm", "almh",
    }
)  # fmt: skip
DEGREES = frozenset(
    {
        "se", "sh", "skom", "st", "sked", "spd", "spdi", "ssi", "ssos", "sip", "sag", "sth", "sp", "sfarm",
        "skm", "sikom", "sds", "sn", "sst", "ssit", "sak", "sei", "amd", "amdkeb", "mm", "mt", "mh", "mkom",
        "msi", "mpd", "msc", "mba", "mkn", "mag", "mhum", "phd", "ak", "cpa", "bsc", "ba", "llm",
    }
)  # fmt: skip
_MUHAMMAD = frozenset(
    {"muhammad", "muhamad", "mohammad", "mohamad", "mohammed", "mohamed", "muhammed", "moch", "mochammad",
     "mochamad", "moh", "mohd", "muh", "mhd", "mochamat"}
)  # fmt: skip
_APOSTROPHES = re.compile(r"['’`´]")
_NOT_LETTER = re.compile(r"[^a-z]+")


@dataclass(frozen=True)
class NameMatch:
    score: float  # 0..1
    matched: bool


def holder_name_matches(holder: str, applicant: str) -> NameMatch:
    """Compare a bank account holder's name with the applicant's (see the module docstring for the rule)."""
    left, right = name_words(holder), name_words(applicant)
    if not left or not right:
        return NameMatch(score=0.0, matched=False)
    if "".join(left) == "".join(right):
        return NameMatch(score=1.0, matched=True)
    shorter, longer = sorted((left, right), key=len)
    pairs = _pair(shorter, longer)
    total = sum(score for _i, _j, score in pairs)
    score = round(2 * total / (len(left) + len(right)), 3)
    paired_long = {j for _i, j, _s in pairs}
    matched = (
        score >= MATCH_THRESHOLD
        and len(pairs) == len(shorter)
        and any(s >= SPELLING_MIN and min(len(shorter[i]), len(longer[j])) > 1 for i, j, s in pairs)
        and (len(shorter) == len(longer) or {0, len(longer) - 1} <= paired_long)
    )
    return NameMatch(score=score, matched=matched)


def name_words(name: str) -> list[str]:
    """The bare name words: no titles, degrees, case, accents or punctuation."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _APOSTROPHES.sub("", text)
    segments = text.split(",")
    tokens = segments[0].split()
    # After a comma come degrees ("Budi Santoso, S.E., M.M."); anything else there is still part of the name.
    for segment in segments[1:]:
        if _compact(segment) not in DEGREES:
            tokens.extend(segment.split())
    while len(tokens) > 1 and _compact(tokens[0]) in TITLES:
        tokens.pop(0)
    while len(tokens) > 1 and _compact(tokens[-1]) in DEGREES:
        tokens.pop()
    words = [word for token in tokens for word in _NOT_LETTER.split(token) if word]
    return ["muhammad" if word in _MUHAMMAD else word for word in words]


def _compact(token: str) -> str:
    return _NOT_LETTER.sub("", token)


def _similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
        return INITIAL_SCORE
    if len(a) == 1 or len(b) == 1:
        return 0.0
    ratio = SequenceMatcher(None, a, b).ratio()
    return ratio if ratio >= SPELLING_MIN else 0.0


def _pair(shorter: list[str], longer: list[str]) -> list[tuple[int, int, float]]:
    """Greedy best-first pairing of word indexes (shorter, longer) with their similarity; unpaired words are left."""
    candidates = sorted(
        ((_similarity(a, b), i, j) for i, a in enumerate(shorter) for j, b in enumerate(longer)),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_short: set[int] = set()
    used_long: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if score <= 0 or i in used_short or j in used_long:
            continue
        used_short.add(i)
        used_long.add(j)
        pairs.append((i, j, score))
    return pairs
