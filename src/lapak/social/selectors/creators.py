"""Reads on creators: lookups, the public page, follows, the showcase."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.social.models import Creator, Follow, LiveSession, Post, ShowcaseItem

CREATOR_PAGE_POSTS = 30


def creator_by_handle(handle: str) -> Creator:
    creator = Creator.objects.filter(handle=(handle or "").lower().lstrip("@")).first()
    if creator is None:
        raise NotFound(_("There is no creator with this handle."), code="creator_not_found")
    return creator


def creator_of_account(account: str) -> Creator | None:
    """The creator profile of an account public id (usr_…), verified or not; None when there is none."""
    return Creator.objects.filter(account=account).first() if account else None


def creator_is_verified(creator: Creator | None) -> bool:
    return creator is not None and creator.phone_verified_at is not None


def is_following(*, follower: str, creator: Creator) -> bool:
    return bool(follower) and Follow.objects.filter(follower=follower, creator=creator).exists()


def showcase_of(creator: Creator) -> list[ShowcaseItem]:
    return list(ShowcaseItem.objects.filter(creator=creator).order_by("position", "id"))


@dataclass
class CreatorPage:
    creator: Creator
    posts: list[Post]
    showcase: list[ShowcaseItem]
    lives: list[LiveSession]
    following: bool


def creator_page(*, handle: str, viewer: str) -> CreatorPage:
    """What the public creator page shows: published posts (newest first), the showcase products that are still
    on sale, and the sessions that are live or coming up."""
    creator = creator_by_handle(handle)
    posts = list(Post.objects.filter(creator=creator, status=Post.Status.PUBLISHED)
                 .order_by("-published_at", "-id")[:CREATOR_PAGE_POSTS])
    # "live" sorts before "scheduled": sessions on air first, then the next ones.
    lives = list(LiveSession.objects.filter(creator=creator, status__in=[LiveSession.Status.LIVE,
                                                                         LiveSession.Status.SCHEDULED])
                 .order_by("status", "scheduled_for")[:10])
    showcase = [item for item in showcase_of(creator) if item.available]
    return CreatorPage(creator=creator, posts=posts, showcase=showcase, lives=lives,
                       following=is_following(follower=viewer, creator=creator))
