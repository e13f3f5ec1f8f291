"""The post page: the video or picture, the caption (escaped), tagged products linking through /go/, and likes,
comments, shares and reports (htmx fragments, with whole-page fallbacks when scripts are off)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lapak.core.errors import Conflict, NotFound, PermissionDenied, RateLimited, ValidationFailed
from lapak.core.money import Money
from lapak.social.forms_posts import CommentForm, ReportForm
from lapak.social.models import Post
from lapak.social.selectors import posts as selectors
from lapak.social.services import engagement, moderation


def service_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """NotFound becomes the 404 page and PermissionDenied the 403 page, as elsewhere on the site."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(str(error.message)) from error
        except PermissionDenied as error:
            raise DjangoPermissionDenied(str(error.message)) from error

    return wrapper


def price_label(low: int, high: int) -> str:
    language = translation.get_language() or "id"
    first = Money(int(low), "IDR").format(language)
    return first if low == high else f"{first} – {Money(int(high), 'IDR').format(language)}"


def tag_cards(post: Post) -> list[dict]:
    return [{"tag": tag, "price": price_label(tag.price_min, tag.price_max),
             "go_url": reverse("social_go:go", args=["post", post.public_id, tag.product_id])}
            for tag in post.tags.all()]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _account(request: HttpRequest) -> str:
    return getattr(request.user, "public_id", "") if request.user.is_authenticated else ""


@require_GET
@service_errors
def post_page(request: HttpRequest, post_id: str) -> HttpResponse:
    post = selectors.post_visible_to(viewer=request.user, public_id=post_id)
    return render(request, "social/posts/post.html", {
        "post": post, "tags": tag_cards(post), "comments": selectors.comments_page(post=post),
        "liked": selectors.has_liked(post=post, account=_account(request)), "comment_form": CommentForm(),
        "refusal": selectors.refusal_lines(post), "is_published": post.status == Post.Status.PUBLISHED})


@require_POST
@login_required
@service_errors
def like_toggle(request: HttpRequest, post_id: str) -> HttpResponse:
    post = selectors.post_published(post_id)
    if selectors.has_liked(post=post, account=_account(request)):
        engagement.post_unlike(actor=request.user, post=post)
    else:
        engagement.post_like(actor=request.user, post=post)
    if not _is_htmx(request):
        return redirect("social_posts:post", post.public_id)
    post.refresh_from_db(fields=["likes_count"])
    return render(request, "social/posts/_like.html", {
        "post": post, "liked": selectors.has_liked(post=post, account=_account(request))})


@require_http_methods(["GET", "POST"])
@service_errors
def comments(request: HttpRequest, post_id: str) -> HttpResponse:
    """GET: a further page of comments (`before`); POST (signed in): add one and show the list again."""
    post = selectors.post_published(post_id)
    form = CommentForm()
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(reverse("social_posts:post", args=[post.public_id]))
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                engagement.comment_add(actor=request.user, post=post, body=form.cleaned_data["body"])
            except (ValidationFailed, RateLimited) as error:
                form.add_service_error(error)
                status = 429 if isinstance(error, RateLimited) else 422
            else:
                if not _is_htmx(request):
                    return redirect("social_posts:post", post.public_id)
                form = CommentForm()
        else:
            status = 422
        post.refresh_from_db(fields=["comments_count"])
        if not _is_htmx(request):
            return render(request, "social/posts/post.html", {
                "post": post, "tags": tag_cards(post), "comments": selectors.comments_page(post=post),
                "liked": selectors.has_liked(post=post, account=_account(request)), "comment_form": form,
                "refusal": [], "is_published": True}, status=status)
        return render(request, "social/posts/_comments.html", {
            "post": post, "comments": selectors.comments_page(post=post), "comment_form": form}, status=status)
    page = selectors.comments_page(post=post, before=request.GET.get("before", "")[:40])
    return render(request, "social/posts/_comment_items.html", {"post": post, "comments": page})


@require_POST
@login_required
@service_errors
def share(request: HttpRequest, post_id: str) -> HttpResponse:
    post = selectors.post_published(post_id)
    channel = request.POST.get("channel", "link")
    if channel not in engagement.SHARE_CHANNELS:
        channel = "other"
    status = 200
    try:
        engagement.post_share(actor=request.user, post=post, channel=channel)
    except RateLimited as error:
        status = 429
        if not _is_htmx(request):
            messages.error(request, str(error.message))
    if not _is_htmx(request):
        return redirect("social_posts:post", post.public_id)
    post.refresh_from_db(fields=["shares_count"])
    return render(request, "social/posts/_share.html", {"post": post, "shared": status == 200}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@service_errors
def report(request: HttpRequest, post_id: str) -> HttpResponse:
    post = selectors.post_published(post_id)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                moderation.report_file(actor=request.user, post=post, reason=form.cleaned_data["reason"],
                                       note=form.cleaned_data["note"])
            except (ValidationFailed, Conflict) as error:
                form.add_service_error(error)
                status = 409 if isinstance(error, Conflict) else 422
            else:
                messages.success(request, _("Thank you. Our team will look at this post."))
                return redirect("social_posts:post", post.public_id)
    return render(request, "social/posts/report.html", {"post": post, "form": form}, status=status)
