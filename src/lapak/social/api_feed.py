"""/api/v1/social/feed — the feeds, and the ranking log for operators and regulators.

- `GET /feed?cursor=`: "For you", anyone (a bearer token personalises it: followed creators are boosted). Every
  page is logged with its ranking inputs (ID-MKT-2); `ranking` names the log row.
- `GET /feed/following?cursor=`: the followed creators' posts, newest first; signed in only.
- `GET /feed/rankings?before=&limit=`: the ranking log, newest first; operators, and regulators of ID.
A cursor is opaque; a damaged or forged one is a 422 naming `cursor`.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from lapak.accounts.selectors import user_for_bearer_token
from lapak.compliance.access import readable_jurisdictions
from lapak.core.errors import PermissionDenied
from lapak.core.ratelimit import client_address
from lapak.core.schemas import ErrorOut
from lapak.social.models import Post
from lapak.social.selectors.feed import FeedPage, feed_following, feed_rankings, visitor_key
from lapak.social.services.feed import feed_rank

router = Router(tags=["social"])
E = ErrorOut


class CreatorRefOut(Schema):
    id: str
    handle: str
    display_name: str
    url: str


class TagOut(Schema):
    product_id: str
    title: str
    price_min: int
    price_max: int
    image_url: str
    seller_name: str
    available: bool
    link: str


class PostCardOut(Schema):
    id: str
    kind: str
    caption: str
    hashtags: list[str]
    media_url: str
    poster_url: str
    published_at: datetime | None
    likes: int
    comments: int
    shares: int
    creator: CreatorRefOut
    tags: list[TagOut]
    url: str


class FeedPageOut(Schema):
    items: list[PostCardOut]
    next_cursor: str | None
    ranking: str


def _file_url(file: object) -> str:
    return file.url if file else ""


def post_card(post: Post) -> dict:
    creator = post.creator
    return {
        "id": post.public_id, "kind": post.kind, "caption": post.caption, "hashtags": list(post.hashtags or []),
        "media_url": _file_url(post.media), "poster_url": _file_url(post.poster), "published_at": post.published_at,
        "likes": post.likes_count, "comments": post.comments_count, "shares": post.shares_count,
        "creator": {"id": creator.public_id, "handle": creator.handle, "display_name": creator.display_name,
                    "url": f"/creators/{creator.handle}/"},
        "tags": [{"product_id": tag.product_id, "title": tag.title, "price_min": tag.price_min,
                  "price_max": tag.price_max, "image_url": tag.image_url, "seller_name": tag.seller_name,
                  "available": tag.available, "link": f"/go/post/{post.public_id}/{tag.product_id}/"}
                 for tag in post.tags.all()],
        "url": f"/posts/{post.public_id}/",
    }


def page_out(page: FeedPage) -> dict:
    return {"items": [post_card(post) for post in page.posts], "next_cursor": page.next_cursor,
            "ranking": page.ranking}


def optional_user(request: HttpRequest) -> object | None:
    """The bearer token's user when one is sent (a bad token is a 401, not a silent visitor)."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _sep, token = header.partition(" ")
    return user_for_bearer_token(token.strip() if scheme.lower() == "bearer" else "")


@router.get("/feed", auth=None, response={200: FeedPageOut, 401: E, 422: E}, summary='"For you"',
            description="Ranked by recency, engagement, follows and diversity; the inputs of every page are logged.")
def feed_for_you(request: HttpRequest, cursor: str = "") -> dict:
    user = optional_user(request)
    viewer = user.public_id if user is not None else visitor_key(client_address(request))
    return page_out(feed_rank(viewer=viewer, cursor=cursor or None))


@router.get("/feed/following", response={200: FeedPageOut, 401: E, 422: E}, summary='"Following"',
            description="Posts of the creators you follow, newest first.")
def feed_following_api(request: HttpRequest, cursor: str = "") -> dict:
    return page_out(feed_following(viewer=request.auth.public_id, cursor=cursor or None))


class RankingOut(Schema):
    id: str
    viewer: str
    algorithm: str
    weights: dict
    entries: list[dict]
    created_at: datetime


class RankingListOut(Schema):
    items: list[RankingOut]
    next_before: str | None


@router.get("/feed/rankings", response={200: RankingListOut, 401: E, 403: E, 422: E}, summary="The ranking log",
            description="Operators, and regulators of ID: each 'For you' page as ranked, with every post's "
                        "recency, engagement, follows and diversity inputs, its score, the weights and the "
                        "algorithm version. Newest first; `before` is the last id of the previous page.")
def feed_rankings_api(request: HttpRequest, before: str = "", limit: int = 50) -> dict:
    readable = readable_jurisdictions(request.auth)
    if readable is not None and "ID" not in readable:
        raise PermissionDenied(_("Only operators and regulators can read the ranking log."), code="forbidden")
    rows = feed_rankings(before=before, limit=limit)
    items = [{"id": row.public_id, "viewer": row.viewer, "algorithm": row.algorithm, "weights": row.weights,
              "entries": row.entries, "created_at": row.created_at} for row in rows]
    return {"items": items, "next_before": items[-1]["id"] if len(items) == max(1, min(limit, 200)) else None}
