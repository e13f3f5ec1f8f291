"""The public creator page /creators/<handle>/ and its follow button (htmx, or a plain form post)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from lapak.core.errors import LapakError, NotFound
from lapak.social.selectors.creators import creator_by_handle, creator_page
from lapak.social.services.creators import creator_follow, creator_unfollow
from lapak.social.views_feed import price_label


@require_safe
def detail(request: HttpRequest, handle: str) -> HttpResponse:
    viewer = request.user.public_id if request.user.is_authenticated else ""
    try:
        page = creator_page(handle=handle, viewer=viewer)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    for item in page.showcase:
        item.price_label = price_label(item.price_min, item.price_max)
        item.link = f"/go/showcase/{page.creator.public_id}/{item.product_id}/"
    return render(request, "social/creators/detail.html", {"page": page, "creator": page.creator,
                                                           "own": viewer == page.creator.account})


@require_POST
def follow(request: HttpRequest, handle: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(f"/creators/{handle}/")
    try:
        creator = creator_by_handle(handle)
    except NotFound as error:
        raise Http404(str(error.message)) from error
    following = request.POST.get("action") != "unfollow"
    try:
        if following:
            creator_follow(creator=creator, follower=request.user.public_id)
        else:
            creator_unfollow(creator=creator, follower=request.user.public_id)
    except LapakError as error:
        messages.error(request, str(error.message))
        following = False
    if request.headers.get("HX-Request") == "true":
        creator.refresh_from_db(fields=["followers_count"])
        return render(request, "social/creators/_follow.html", {"creator": creator, "following": following,
                                                               "own": False})
    return redirect("social_creators:detail", handle=creator.handle)
