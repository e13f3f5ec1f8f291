"""Reading posts: the public page, a creator's own, comments with a keyset, the moderation queue."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lapak.compliance.explain import reason_text, reason_title
from lapak.core.errors import NotFound
from lapak.social.models import Comment, Creator, Like, Post, Report

PAGE_MAX = 50


def post_published(public_id: str) -> Post:
    """A published post, for anyone; NotFound for drafts, refused, deleted or taken-down posts."""
    post = (Post.objects.select_related("creator").filter(public_id=public_id, status=Post.Status.PUBLISHED)
            .first())
    if post is None:
        raise NotFound(_("This post is not shown."))
    return post


def post_visible_to(*, viewer: object, public_id: str) -> Post:
    """A published post, or any of the viewer's own posts that the creator has not deleted."""
    post = Post.objects.select_related("creator").filter(public_id=public_id).first()
    if post is None:
        raise NotFound(_("This post is not shown."))
    if post.status == Post.Status.PUBLISHED:
        return post
    if post.status != Post.Status.DELETED and post.creator.account == getattr(viewer, "public_id", None):
        return post
    raise NotFound(_("This post is not shown."))


def post_any(public_id: str) -> Post:
    """Any post, whatever its state (operators, the creator's own services check who asks)."""
    post = Post.objects.select_related("creator").filter(public_id=public_id).first()
    if post is None:
        raise NotFound(_("This post is not shown."))
    return post


def posts_of_account(account: str) -> QuerySet[Post]:
    """A creator's own posts in every state but deleted, newest first (the studio)."""
    return (Post.objects.filter(creator__account=account).exclude(status=Post.Status.DELETED)
            .select_related("creator").prefetch_related("tags").order_by("-created_at", "-id"))


def posts_of_creator(*, handle: str, before: str = "", limit: int = 20) -> list[Post]:
    """A creator's published posts, newest first, after the keyset cursor `before` (a post's public id)."""
    creator = Creator.objects.filter(handle=handle).first()
    if creator is None:
        raise NotFound(_("No such creator."))
    rows = Post.objects.filter(creator=creator, status=Post.Status.PUBLISHED)
    if before:
        cursor = rows.filter(public_id=before).values("published_at", "id").first()
        if cursor is None:
            raise NotFound(_("The cursor does not name a post of this creator."))
        rows = rows.filter(Q(published_at__lt=cursor["published_at"])
                           | Q(published_at=cursor["published_at"], id__lt=cursor["id"]))
    return list(rows.select_related("creator").prefetch_related("tags")
                .order_by("-published_at", "-id")[:max(1, min(limit, PAGE_MAX))])


def comments_page(*, post: Post, before: str = "", limit: int = 20) -> list[Comment]:
    """Visible comments, newest first, after the keyset cursor `before` (a comment's public id)."""
    rows = Comment.objects.filter(post=post, hidden=False)
    if before:
        cursor = rows.filter(public_id=before).values("created_at", "id").first()
        if cursor is None:
            raise NotFound(_("The cursor does not name a comment of this post."))
        rows = rows.filter(Q(created_at__lt=cursor["created_at"])
                           | Q(created_at=cursor["created_at"], id__lt=cursor["id"]))
    return list(rows.order_by("-created_at", "-id")[:max(1, min(limit, PAGE_MAX))])


def has_liked(*, post: Post, account: str) -> bool:
    return bool(account) and Like.objects.filter(post=post, account=account).exists()


def open_reports() -> QuerySet[Report]:
    """The moderation queue: open reports, oldest first."""
    return (Report.objects.filter(status=Report.Status.OPEN).select_related("post", "post__creator")
            .order_by("created_at", "id"))


def report_any(public_id: str) -> Report:
    report = Report.objects.select_related("post", "post__creator").filter(public_id=public_id).first()
    if report is None:
        raise NotFound(_("No such report."))
    return report


def refusal_lines(post: Post, language: str | None = None) -> list[dict[str, str]]:
    """A refused post's reasons in the reader's language: rule, title and what to do."""
    return [{"rule_id": r.get("rule_id", ""), "title": reason_title(r, language), "text": reason_text(r, language)}
            for r in (post.refusal or [])]
