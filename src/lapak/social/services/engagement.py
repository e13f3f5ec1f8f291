"""Likes, comments and shares on published posts, by signed-in people.

Counters on `Post` are kept exact under concurrency: a like is one row under a unique (post, account) constraint,
a share one row under a unique (post, account, channel) constraint, and the counter moves by F() in the same
transaction only when the row was really inserted or deleted. Shares weigh in the feed's ranking, so repeating one
must not lift a post (ID-MKT-2 equal treatment).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from lapak.accounts.selectors import user_roles
from lapak.core.errors import NotAuthenticated, NotFound, PermissionDenied, RateLimited, ValidationFailed
from lapak.core.ratelimit import rate_limit_hit
from lapak.social.models import Comment, Like, Post, Share

COMMENT_MAX = 500
# (scope, attempts, window in seconds): a burst limit and an hourly one, both per account.
COMMENT_LIMITS = (("social.comment.minute", 5, 60), ("social.comment.hour", 60, 3600))
SHARE_LIMITS = (("social.share.minute", 10, 60), ("social.share.hour", 100, 3600))
SHARE_CHANNELS = ("link", "whatsapp", "facebook", "x", "telegram", "instagram", "line", "other")


def participant_account(actor: object) -> str:
    """The account public id of a signed-in person who may take part (regulators only read)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAuthenticated
    if "regulator" in user_roles(actor):
        raise PermissionDenied(_("Regulators have read-only access."), code="read_only")
    return actor.public_id


def _published(post: Post) -> None:
    if post.status != Post.Status.PUBLISHED:
        raise NotFound(_("This post is not shown."))


def post_like(*, actor: object, post: Post) -> bool:
    """Like a published post once; liking again changes nothing. Returns whether a like was added."""
    account = participant_account(actor)
    _published(post)
    try:
        with transaction.atomic(using="social"):
            Like.objects.create(post=post, account=account)
            Post.objects.filter(pk=post.pk).update(likes_count=F("likes_count") + 1)
    except IntegrityError:  # already liked (possibly by a concurrent request of the same person)
        return False
    return True


def post_unlike(*, actor: object, post: Post) -> bool:
    """Take a like back; without a like nothing changes. Returns whether a like was removed."""
    account = participant_account(actor)
    _published(post)
    with transaction.atomic(using="social"):
        deleted, _rows = Like.objects.filter(post=post, account=account).delete()
        if deleted:
            Post.objects.filter(pk=post.pk, likes_count__gt=0).update(likes_count=F("likes_count") - 1)
    return bool(deleted)


def comment_add(*, actor: object, post: Post, body: str) -> Comment:
    """A comment of 1 to 500 characters on a published post. Guarantees: at most 5 a minute and 60 an hour per
    account (RateLimited beyond); the text is stored as typed and escaped wherever it is shown."""
    account = participant_account(actor)
    _published(post)
    text = (body or "").strip()
    if not text or len(text) > COMMENT_MAX or "\x00" in text:
        raise ValidationFailed(fields={"body": [_("Write between 1 and %(n)d characters.") % {"n": COMMENT_MAX}]})
    for scope, limit, window in COMMENT_LIMITS:
        if not rate_limit_hit(scope=scope, identity=account, limit=limit, window_seconds=window):
            raise RateLimited(_("You are commenting too fast. Wait a little and try again."), code="comment_flood")
    name = (actor.get_short_name() or "")[:80] if hasattr(actor, "get_short_name") else ""
    with transaction.atomic(using="social"):
        comment = Comment.objects.create(post=post, account=account, author_name=name or "Lapak", body=text)
        Post.objects.filter(pk=post.pk).update(comments_count=F("comments_count") + 1)
    return comment


def post_share(*, actor: object, post: Post, channel: str = "link") -> bool:
    """Count a share of a published post through `channel`. Returns whether it was counted.

    Guarantees: only signed-in people share (anonymous shares are refused, NotAuthenticated); each account counts
    once per post and channel, also when the same share arrives many times at once; at most 10 attempts a minute
    and 100 an hour per account (RateLimited beyond), repeated ones included.
    """
    account = participant_account(actor)
    _published(post)
    if channel not in SHARE_CHANNELS:
        raise ValidationFailed(fields={"channel": [_("Unknown channel.")]})
    for scope, limit, window in SHARE_LIMITS:
        if not rate_limit_hit(scope=scope, identity=account, limit=limit, window_seconds=window):
            raise RateLimited(_("You are sharing too fast. Wait a little and try again."), code="share_flood")
    try:
        with transaction.atomic(using="social"):
            Share.objects.create(post=post, account=account, channel=channel)
            Post.objects.filter(pk=post.pk).update(shares_count=F("shares_count") + 1)
    except IntegrityError:  # already shared there (possibly by a concurrent request of the same person)
        return False
    return True
