"""The "For you" ranking: a pure function of a page's candidate posts, the viewer's follows and the time.

What it may look at is exactly what `Candidate` holds: when a post was published, its likes, comments and shares,
and who made it. No input says which shop a tagged product belongs to, so no shop can be favoured (COMPLIANCE.md
ID-MKT-2); the inputs and the score of every ranked post are logged by `services.feed` for audit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

ALGORITHM = "foryou-1"


@dataclass(frozen=True)
class Weights:
    recency: float = 1.0
    engagement: float = 0.6
    follows: float = 0.5
    # Subtracted once for every post by the same creator already placed higher on the page.
    diversity: float = 0.4
    half_life_hours: float = 24.0
    # Weighted interactions at which engagement reaches 1.0; above it the signal saturates.
    engagement_scale: float = 10_000.0
    max_per_creator: int = 2
    # A post passed over on this many pages goes first on the next, so scrolling never buries it for good.
    max_carry: int = 2

    def as_dict(self) -> dict:
        return asdict(self)


# Changing a weight is a new algorithm version: the logged rankings name both, so old pages stay explainable.
WEIGHTS = Weights()


@dataclass(frozen=True)
class Candidate:
    key: int  # the post's row id: the caller maps results back to posts
    post: str
    creator: str
    published_at: datetime
    likes: int
    comments: int
    shares: int
    carried: int = 0  # pages this post has already waited; see services.feed


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    recency: float
    engagement: float
    follows: float
    diversity: float
    score: float

    def log_entry(self, position: int) -> dict:
        return {"position": position, "post": self.candidate.post, "creator": self.candidate.creator,
                "recency": round(self.recency, 6), "engagement": round(self.engagement, 6),
                "follows": self.follows, "diversity": self.diversity, "score": round(self.score, 6)}


def recency_of(candidate: Candidate, now: datetime, weights: Weights = WEIGHTS) -> float:
    """1.0 when just published, halving every `half_life_hours` (future timestamps count as now)."""
    age_hours = max((now - candidate.published_at).total_seconds(), 0.0) / 3600
    return 0.5 ** (age_hours / weights.half_life_hours)


def engagement_of(candidate: Candidate, weights: Weights = WEIGHTS) -> float:
    """Log-scaled interactions in [0, 1]: a comment counts twice a like, a share three times."""
    interactions = max(candidate.likes, 0) + 2 * max(candidate.comments, 0) + 3 * max(candidate.shares, 0)
    return min(math.log1p(interactions) / math.log1p(weights.engagement_scale), 1.0)


def rank(candidates: Sequence[Candidate], *, followed: Iterable[str], now: datetime, limit: int,
         weights: Weights = WEIGHTS) -> list[Ranked]:
    """The best `limit` candidates in page order, each with its inputs and score.

    Greedy: each slot takes the candidate with the highest base score minus the diversity penalty for its
    creator's posts already placed; a creator gets at most `max_per_creator` posts unless too few creators are
    left to fill the page. Candidates carried over `max_carry` pages are placed first. Ties break on newer, then
    larger row id, so the order is deterministic.
    """
    followed = frozenset(followed)
    base = {}
    for candidate in candidates:
        recency, engagement = recency_of(candidate, now, weights), engagement_of(candidate, weights)
        follows = 1.0 if candidate.creator in followed else 0.0
        base[candidate.key] = (recency, engagement, follows,
                               weights.recency * recency + weights.engagement * engagement + weights.follows * follows)
    remaining = sorted(candidates, key=lambda c: (base[c.key][3], c.published_at, c.key), reverse=True)
    placed: dict[str, int] = {}
    page: list[Ranked] = []
    while remaining and len(page) < limit:
        pool = [c for c in remaining if c.carried >= weights.max_carry] or remaining
        capped = [c for c in pool if placed.get(c.creator, 0) < weights.max_per_creator] or pool
        best = max(capped, key=lambda c: (base[c.key][3] - weights.diversity * placed.get(c.creator, 0),
                                          c.published_at, c.key))
        recency, engagement, follows, score = base[best.key]
        diversity = float(placed.get(best.creator, 0))
        page.append(Ranked(candidate=best, recency=recency, engagement=engagement, follows=follows,
                           diversity=diversity, score=score - weights.diversity * diversity))
        placed[best.creator] = placed.get(best.creator, 0) + 1
        remaining.remove(best)
    return page
