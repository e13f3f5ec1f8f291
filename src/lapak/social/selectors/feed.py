"""Reads for the feed: the opaque keyset cursor, published posts, the "Following" feed, the ranking log.

A cursor is the position of a page chain in the newest-first walk over (published_at, id), plus, for "For you",
the posts of the last window that were not shown yet. It is encrypted and authenticated (AES-GCM under a key
derived from SECRET_KEY): clients cannot read row ids out of it or forge a position.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.social.models import Creator, FeedRanking, Post

PAGE_SIZE = 20
VISITOR_PREFIX = "visitor:"
CURSOR_VERSION = 1


@dataclass(frozen=True)
class FeedCursor:
    published_at: datetime | None = None  # None: the top of the feed
    post_id: int | None = None
    carry: tuple[tuple[int, int], ...] = ()  # (post row id, pages it has waited)


@dataclass
class FeedPage:
    posts: list[Post]
    next_cursor: str | None
    ranking: str = ""  # public id of the FeedRanking row ("For you" only)
    extra: dict = field(default_factory=dict)


def _key() -> bytes:
    return hashlib.sha256(b"lapak.social.feed-cursor\x00" + settings.SECRET_KEY.encode()).digest()


def cursor_encode(cursor: FeedCursor, *, feed: str) -> str:
    payload = {"v": CURSOR_VERSION, "f": feed, "c": [list(item) for item in cursor.carry],
               "t": cursor.published_at.isoformat() if cursor.published_at else None, "i": cursor.post_id}
    nonce = os.urandom(12)
    sealed = AESGCM(_key()).encrypt(nonce, json.dumps(payload, separators=(",", ":")).encode(), feed.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def cursor_decode(raw: str | None, *, feed: str) -> FeedCursor:
    """The position `raw` encodes; an empty cursor is the top. Raises ValidationFailed for anything forged,
    damaged or made for another feed."""
    if not raw:
        return FeedCursor()
    invalid = ValidationFailed(_("This page link is no longer valid. Start again from the top."),
                               code="cursor_invalid", fields={"cursor": [_("Not a valid cursor.")]})
    try:
        blob = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        payload = json.loads(AESGCM(_key()).decrypt(blob[:12], blob[12:], feed.encode()))
        if payload.get("v") != CURSOR_VERSION or payload.get("f") != feed:
            raise invalid
        stamp = datetime.fromisoformat(payload["t"]) if payload["t"] else None
        return FeedCursor(published_at=stamp, post_id=payload["i"] if stamp else None,
                          carry=tuple((int(pk), int(waited)) for pk, waited in payload["c"]))
    except (ValueError, KeyError, TypeError, InvalidTag, json.JSONDecodeError) as error:
        raise invalid from error


def published_posts() -> QuerySet[Post]:
    return Post.objects.filter(status=Post.Status.PUBLISHED, published_at__isnull=False).select_related("creator")


def after(queryset: QuerySet[Post], cursor: FeedCursor) -> QuerySet[Post]:
    """The posts strictly older than the cursor's position in the (published_at, id) walk, newest first; this
    matches the social_post_feed index (status, -published_at, -id)."""
    if cursor.published_at is not None:
        # The redundant `<=` bounds the index range scan; the OR alone would make PostgreSQL filter from the top.
        queryset = queryset.filter(Q(published_at__lt=cursor.published_at)
                                   | Q(published_at=cursor.published_at, id__lt=cursor.post_id),
                                   published_at__lte=cursor.published_at)
    return queryset.order_by("-published_at", "-id")


def _keyset_page(queryset: QuerySet[Post], *, cursor: str | None, feed: str, page_size: int) -> FeedPage:
    position = cursor_decode(cursor, feed=feed)
    rows = list(after(queryset, position).prefetch_related("tags")[: page_size + 1])
    next_cursor = None
    if len(rows) > page_size:
        rows = rows[:page_size]
        last = rows[-1]
        next_cursor = cursor_encode(FeedCursor(published_at=last.published_at, post_id=last.pk), feed=feed)
    return FeedPage(posts=rows, next_cursor=next_cursor)


def feed_following(*, viewer: str, cursor: str | None, page_size: int = PAGE_SIZE) -> FeedPage:
    """The posts of the creators `viewer` follows, newest first, one keyset page."""
    return _keyset_page(published_posts().filter(creator__follows__follower=viewer), cursor=cursor,
                        feed="following", page_size=page_size)


def creator_posts(*, creator: Creator, cursor: str | None, page_size: int = PAGE_SIZE) -> FeedPage:
    """One creator's published posts, newest first, one keyset page (a cursor is valid for that creator only)."""
    return _keyset_page(published_posts().filter(creator=creator), cursor=cursor, feed=f"creator:{creator.pk}",
                        page_size=page_size)


def visitor_key(address: str) -> str:
    """What the ranking log records for a visitor who is not signed in: a keyed hash, not the address."""
    digest = hashlib.blake2b(address.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=12)
    return f"{VISITOR_PREFIX}{digest.hexdigest()}"


def feed_rankings(*, before: str = "", limit: int = 50) -> list[FeedRanking]:
    """The ranking log, newest first; `before` is the public id of the last row of the previous page."""
    rows = FeedRanking.objects.order_by("-id")
    if before:
        anchor = FeedRanking.objects.filter(public_id=before).values_list("id", flat=True).first()
        if anchor is None:
            raise ValidationFailed(fields={"before": [_("There is no such ranking.")]})
        rows = rows.filter(id__lt=anchor)
    return list(rows[: max(1, min(limit, 200))])
