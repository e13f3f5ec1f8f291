"""The "For you" ranking function: what each input does to a score, the diversity rule, determinism."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from lapak.social.ranking import ALGORITHM, WEIGHTS, Candidate, Weights, engagement_of, rank, recency_of

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def cand(key: int, *, creator: str = "a", hours: float = 1, likes: int = 0, comments: int = 0, shares: int = 0,
         carried: int = 0) -> Candidate:
    return Candidate(key=key, post=f"pst_{key}", creator=creator, published_at=NOW - timedelta(hours=hours),
                     likes=likes, comments=comments, shares=shares, carried=carried)


def test_recency_halves_every_half_life():
    assert recency_of(cand(1, hours=0), NOW) == pytest.approx(1.0)
    assert recency_of(cand(1, hours=24), NOW) == pytest.approx(0.5)
    assert recency_of(cand(1, hours=48), NOW) == pytest.approx(0.25)
    assert recency_of(cand(1, hours=-5), NOW) == pytest.approx(1.0)  # a clock a little ahead counts as now


def test_engagement_is_log_scaled_and_saturates():
    low, mid, high = (engagement_of(cand(1, likes=n)) for n in (10, 100, 1000))
    assert 0 < low < mid < high <= 1
    assert (mid - low) == pytest.approx(high - mid, rel=0.05)  # equal steps per decade, not per like
    assert engagement_of(cand(1, likes=10**9)) == 1.0
    assert engagement_of(cand(1, comments=1)) == engagement_of(cand(1, likes=2))
    assert engagement_of(cand(1, shares=1)) == engagement_of(cand(1, likes=3))


def test_following_the_creator_boosts_the_post():
    a, b = cand(1, creator="a"), cand(2, creator="b")
    unfollowed = {r.candidate.key: r for r in rank([a, b], followed=set(), now=NOW, limit=2)}
    followed = {r.candidate.key: r for r in rank([a, b], followed={"b"}, now=NOW, limit=2)}
    assert followed[2].follows == 1.0 and followed[1].follows == 0.0
    assert followed[2].score == pytest.approx(unfollowed[2].score + WEIGHTS.follows)
    assert rank([a, b], followed={"a"}, now=NOW, limit=2)[0].candidate.key == 1
    assert rank([a, b], followed={"b"}, now=NOW, limit=2)[0].candidate.key == 2


def test_at_most_n_posts_per_creator_while_others_can_fill_the_page():
    prolific = [cand(i, creator="a", likes=1000) for i in range(1, 6)]
    others = [cand(10 + i, creator=f"o{i}", hours=30) for i in range(4)]
    page = rank(prolific + others, followed=set(), now=NOW, limit=6)
    assert sum(r.candidate.creator == "a" for r in page) == WEIGHTS.max_per_creator
    assert len(page) == 6


def test_the_cap_gives_way_when_only_one_creator_is_left():
    page = rank([cand(i, creator="a") for i in range(1, 6)], followed=set(), now=NOW, limit=5)
    assert len(page) == 5
    assert [r.diversity for r in page] == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert page[1].score == pytest.approx(page[0].score - WEIGHTS.diversity, abs=0.01)


def test_diversity_penalty_spreads_a_creators_posts():
    # a's second post is slightly better than b's only post, but a already has one on the page.
    a1, a2, b1 = cand(1, creator="a", hours=1), cand(2, creator="a", hours=2), cand(3, creator="b", hours=3)
    assert [r.candidate.key for r in rank([a1, a2, b1], followed=set(), now=NOW, limit=3)] == [1, 3, 2]
    no_penalty = dataclasses.replace(WEIGHTS, diversity=0.0)
    assert [r.candidate.key for r in rank([a1, a2, b1], followed=set(), now=NOW, limit=3,
                                          weights=no_penalty)] == [1, 2, 3]


def test_posts_carried_too_long_go_first():
    old = cand(1, creator="a", hours=300, carried=WEIGHTS.max_carry)
    fresh = [cand(i, creator=f"c{i}") for i in range(2, 6)]
    assert rank([*fresh, old], followed=set(), now=NOW, limit=3)[0].candidate.key == 1
    not_yet = dataclasses.replace(old, carried=WEIGHTS.max_carry - 1)
    assert 1 not in [r.candidate.key for r in rank([*fresh, not_yet], followed=set(), now=NOW, limit=3)]


def test_order_is_deterministic_and_ties_break_on_newer_then_key():
    same = [cand(i, creator=f"c{i}") for i in range(1, 8)]
    first = [r.candidate.key for r in rank(same, followed=set(), now=NOW, limit=7)]
    assert first == [r.candidate.key for r in rank(list(reversed(same)), followed=set(), now=NOW, limit=7)]
    assert first == [7, 6, 5, 4, 3, 2, 1]


def test_log_entry_names_every_input_and_the_weights_are_versioned():
    entry = rank([cand(1, likes=5)], followed={"a"}, now=NOW, limit=1)[0].log_entry(1)
    assert set(entry) == {"position", "post", "creator", "recency", "engagement", "follows", "diversity", "score"}
    assert ALGORITHM and WEIGHTS.as_dict()["half_life_hours"] == 24.0
    assert isinstance(WEIGHTS, Weights)
    with pytest.raises(dataclasses.FrozenInstanceError):
        WEIGHTS.recency = 2.0  # type: ignore[misc]


def test_no_input_can_name_a_shop():
    # ID-MKT-2: the candidate a ranking sees has no field through which a tagged product's shop could enter.
    assert not {f.name for f in dataclasses.fields(Candidate)} & {"seller", "seller_id", "shop", "tags", "products"}
