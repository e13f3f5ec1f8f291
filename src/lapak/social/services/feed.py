"""The "For you" feed: rank one window of recent posts, return a page, log the ranking (ID-MKT-2)."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.utils import timezone

from lapak.social.models import FeedRanking, Follow
from lapak.social.ranking import ALGORITHM, WEIGHTS, Candidate, rank
from lapak.social.selectors.feed import (
    PAGE_SIZE,
    VISITOR_PREFIX,
    FeedCursor,
    FeedPage,
    after,
    cursor_decode,
    cursor_encode,
    published_posts,
)

# Candidates ranked per page: the posts carried over from the last window, topped up with the next newest.
WINDOW = 40


def feed_rank(*, viewer: str, cursor: str | None, page_size: int = PAGE_SIZE, window: int = WINDOW) -> FeedPage:
    """One "For you" page for `viewer` (an account public id, or a visitor key).

    Guarantees: following `next_cursor` from the first page to the last shows every post published before the
    first page exactly once (no repeat, no skip): each page ranks the posts carried over from the last page
    plus the next newest ones in the (published_at, id) walk, shows the best `page_size`, and carries the rest
    on in the cursor. Exactly one FeedRanking row is written per call, with each shown post's inputs and score,
    the weights and the algorithm version; it is written even for an empty page.
    """
    position = cursor_decode(cursor, feed="foryou")
    waited = dict(position.carry)
    carried = list(published_posts().filter(pk__in=waited)) if waited else []
    wanted = max(window - len(carried), page_size)
    fresh = list(after(published_posts(), position)[: wanted + 1])
    more_fresh = len(fresh) > wanted
    fresh = fresh[:wanted]
    posts = {post.pk: post for post in [*carried, *fresh]}
    candidates = [
        Candidate(key=post.pk, post=post.public_id, creator=post.creator.public_id, published_at=post.published_at,
                  likes=post.likes_count, comments=post.comments_count, shares=post.shares_count,
                  carried=waited.get(post.pk, 0))
        for post in posts.values()
    ]
    followed: set[str] = set()
    if posts and viewer and not viewer.startswith(VISITOR_PREFIX):  # a visitor who is not signed in follows no one
        followed = set(Follow.objects.filter(follower=viewer, creator_id__in={p.creator_id for p in posts.values()})
                       .values_list("creator__public_id", flat=True))
    ranked = rank(candidates, followed=followed, now=timezone.now(), limit=page_size)
    shown = [posts[item.candidate.key] for item in ranked]
    prefetch_related_objects(shown, "tags")
    chosen = {item.candidate.key for item in ranked}
    carry = tuple((c.key, c.carried + 1) for c in candidates if c.key not in chosen)
    last = fresh[-1] if fresh else None
    next_position = FeedCursor(published_at=last.published_at if last else position.published_at,
                               post_id=last.pk if last else position.post_id, carry=carry)
    next_cursor = cursor_encode(next_position, feed="foryou") if (carry or more_fresh) else None
    log = FeedRanking.objects.create(viewer=viewer[:64], algorithm=ALGORITHM, weights=WEIGHTS.as_dict(),
                                     entries=[item.log_entry(index) for index, item in enumerate(ranked, start=1)])
    return FeedPage(posts=shown, next_cursor=next_cursor, ranking=log.public_id)
