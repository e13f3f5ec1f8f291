"""The feed pages: /feed/ ("For you") and /feed/following/, vertical cards, infinite scroll.

The next page comes with htmx when the "more" link scrolls into view (hx-trigger="revealed"); without
JavaScript the same link loads the next page as a whole page. An htmx request gets only the cards.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from lapak.core.errors import ValidationFailed
from lapak.core.money import Money
from lapak.core.ratelimit import client_address
from lapak.social.models import Post
from lapak.social.selectors.feed import FeedPage, feed_following, visitor_key
from lapak.social.services.feed import feed_rank


def price_label(low: int, high: int) -> str:
    language = translation.get_language() or "id"
    low_text = Money(int(low), "IDR").format(language)
    return low_text if low == high else f"{low_text} – {Money(int(high), 'IDR').format(language)}"


def label_tags(posts: Iterable[Post]) -> None:
    """Give each tagged product of the cards its price text and its hand-off link (H1's /go/ redirect)."""
    for post in posts:
        for tag in post.tags.all():
            tag.price_label = price_label(tag.price_min, tag.price_max)
            tag.link = f"/go/post/{post.public_id}/{tag.product_id}/"


def viewer_of(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return request.user.public_id
    return visitor_key(client_address(request))


def _render(request: HttpRequest, page: FeedPage | None, *, tab: str, cursor_error: bool = False) -> HttpResponse:
    posts = page.posts if page else []
    label_tags(posts)
    next_url = f"{request.path}?{urlencode({'cursor': page.next_cursor})}" if page and page.next_cursor else ""
    context = {"posts": posts, "next_url": next_url, "tab": tab, "cursor_error": cursor_error}
    if request.headers.get("HX-Request") == "true" and request.GET.get("cursor"):
        return render(request, "social/feed/_cards.html", context)
    return render(request, "social/feed/page.html", context, status=400 if cursor_error else 200)


@require_safe
def for_you(request: HttpRequest) -> HttpResponse:
    try:
        page = feed_rank(viewer=viewer_of(request), cursor=request.GET.get("cursor") or None)
    except ValidationFailed:
        return _render(request, None, tab="for_you", cursor_error=True)
    return _render(request, page, tab="for_you")


@require_safe
def following(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        page = feed_following(viewer=request.user.public_id, cursor=request.GET.get("cursor") or None)
    except ValidationFailed:
        return _render(request, None, tab="following", cursor_error=True)
    return _render(request, page, tab="following")
