"""`/go/<source>/<source_id>/<product_id>/`: a tap on a product in a post, a live or a showcase.

The view checks that the product really belongs to that source (tagged in the published post, pinned at some time
in the live, shown in the creator's showcase), then sends the browser to the marketplace's hand-off page with a
fresh signed token. It records nothing about who tapped: social never learns buyers (ID-SOC-2). Every tap mints a
token, so taps are limited per client address (GO_LIMIT a minute, counted in the cache under a keyed hash, never
stored); beyond it the page says so with a 429.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from lapak.core.ratelimit import client_address, rate_limit_hit
from lapak.social.handoff_links import handoff_url
from lapak.social.models import Creator, LivePin, LiveSession, Post, ProductTag, ShowcaseItem

# A live's products stay tappable in the replay; a scheduled, cancelled or suspended live has none to tap.
LIVE_TAPPABLE = (LiveSession.Status.LIVE, LiveSession.Status.ENDED)
GO_LIMIT, GO_WINDOW_SECONDS = 30, 60  # taps per client address; a person browsing products stays far below


def _source(source: str, source_id: str, product_id: str) -> tuple[str, str] | None:
    """(creator account, campaign) when the product belongs to the source, else None."""
    if source == "post":
        post = Post.objects.select_related("creator").filter(public_id=source_id, status=Post.Status.PUBLISHED).first()
        if post and ProductTag.objects.filter(post=post, product_id=product_id).exists():
            return post.creator.account, post.campaign
    elif source == "live":
        live = LiveSession.objects.select_related("creator").filter(public_id=source_id,
                                                                   status__in=LIVE_TAPPABLE).first()
        if live and LivePin.objects.filter(live=live, product_id=product_id).exists():
            return live.creator.account, live.campaign
    elif source == "showcase":
        creator = Creator.objects.filter(public_id=source_id).first()
        if creator and ShowcaseItem.objects.filter(creator=creator, product_id=product_id).exists():
            return creator.account, ""
    return None


@require_GET
def go(request: HttpRequest, source: str, source_id: str, product_id: str) -> HttpResponse:
    # Counted before anything is looked up, so unknown links cannot be probed without limit either.
    if not rate_limit_hit(scope="social.go", identity=client_address(request), limit=GO_LIMIT,
                          window_seconds=GO_WINDOW_SECONDS):
        response = render(request, "social/handoff/too_many.html", status=429)
        response["Retry-After"] = str(GO_WINDOW_SECONDS)
        add_never_cache_headers(response)
        return response
    found = _source(source, source_id, product_id)
    if found is None:
        raise Http404
    account, campaign = found
    try:
        target = handoff_url(creator_account=account, source=source, source_id=source_id, product_id=product_id,
                             campaign=campaign)
    except ValueError:  # ids or a campaign the token format cannot carry: nothing to hand over
        raise Http404 from None
    response = HttpResponseRedirect(target)
    add_never_cache_headers(response)  # every tap gets its own token; a cached redirect would replay one
    response["Referrer-Policy"] = "no-referrer"
    return response
