"""The creator studio's posts: my posts with their state (and why the rules refused one), a new post, publish and
delete. Only verified creators get in; anyone else sees the 403 page. An upload whose body is over the video limit
(plus room for the form fields) is refused before it is read, with the error on the form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lapak.core.errors import Conflict, ValidationFailed
from lapak.core.uploads import body_limit
from lapak.social.forms_posts import PostForm
from lapak.social.models import Post
from lapak.social.selectors import posts as selectors
from lapak.social.services import posts as services
from lapak.social.services.posts import CatalogueDown
from lapak.social.views_posts import service_errors


@require_GET
@login_required
@service_errors
def my_posts(request: HttpRequest) -> HttpResponse:
    services.creator_of(request.user)
    rows = [{"post": post, "refusal": selectors.refusal_lines(post)}
            for post in selectors.posts_of_account(request.user.public_id)[:200]]
    return render(request, "social/studio_posts/list.html", {"rows": rows})


FORM_FIELDS_ALLOWANCE = 1024 * 1024  # caption, tags and multipart framing around the one file


def upload_bound() -> int:
    return settings.SOCIAL_VIDEO_MAX_BYTES + FORM_FIELDS_ALLOWANCE


def upload_too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The new-post form again, the error on its file field; nothing of the body was read or stored."""
    form = PostForm()
    form.cleaned_data = {}  # an unbound form takes errors only once it has (empty) cleaned data
    form.add_error("media", _("The upload is larger than %(limit)s. Choose a video of at most %(video)s.") % {
        "limit": filesizeformat(limit), "video": filesizeformat(settings.SOCIAL_VIDEO_MAX_BYTES)})
    return render(request, "social/studio_posts/new.html", {"form": form}, status=413)


@body_limit(upload_bound, upload_too_large)
@require_http_methods(["GET", "POST"])
@login_required
@service_errors
def new_post(request: HttpRequest) -> HttpResponse:
    services.creator_of(request.user)
    if request.method != "POST":
        return render(request, "social/studio_posts/new.html", {"form": PostForm()})
    form = PostForm(request.POST, request.FILES)
    status = 422
    if form.is_valid():
        tag_ids = services.product_ids_of(form.cleaned_data["tags"])
        try:
            post = services.post_create(actor=request.user, upload=form.cleaned_data["media"],
                                        caption=form.cleaned_data["caption"], product_ids=tag_ids,
                                        campaign=form.cleaned_data["campaign"].strip())
        except ValidationFailed as error:
            form.add_service_error(error, tag_ids=tag_ids)
        except CatalogueDown as error:
            form.add_error(None, str(error.message))
            status = 503
        else:
            messages.success(request, _("Your draft is saved. Check it, then publish it."))
            return redirect("social_posts:post", post.public_id)
    return render(request, "social/studio_posts/new.html", {"form": form}, status=status)


@require_POST
@login_required
@service_errors
def publish(request: HttpRequest, post_id: str) -> HttpResponse:
    post = selectors.post_visible_to(viewer=request.user, public_id=post_id)
    try:
        post = services.post_publish(actor=request.user, post=post)
    except ValidationFailed as error:
        for messages_of_field in error.fields.values():
            for message in messages_of_field:
                messages.error(request, str(message))
    except (Conflict, CatalogueDown) as error:
        messages.error(request, str(error.message))
    else:
        if post.status == Post.Status.PUBLISHED:
            messages.success(request, _("Your post is published."))
        else:
            messages.error(request, _("The rules do not allow this post; see why below."))
    return redirect("social_studio_posts:list")


@require_POST
@login_required
@service_errors
def delete(request: HttpRequest, post_id: str) -> HttpResponse:
    post = selectors.post_visible_to(viewer=request.user, public_id=post_id)
    try:
        services.post_delete(actor=request.user, post=post)
    except Conflict as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The post is deleted."))
    return redirect("social_studio_posts:list")
