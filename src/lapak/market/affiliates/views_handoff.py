"""The hand-off landing page, /handoff/?t=<token>: a creator's product link arrives here from social.

A genuine new token is recorded as a click, remembered in the browser's session (so the click still counts
after sign-in, which renews the session key), and the browser goes on to the product page. A forged, expired
or replayed token, or a product no longer on sale, records nothing: the browser still goes on to the product
named in it when that can be read (without attribution), else gets a plain 400 page. Never a 500 for bad input.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from lapak.market.affiliates.selectors_attribution import SESSION_CLICKS, SESSION_CLICKS_MAX
from lapak.market.affiliates.services_handoff import handoff_click_record


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    token = request.GET.get("t", "")
    if request.method != "GET":  # a link preview's HEAD must not use up the buyer's click
        return render(request, "affiliates/handoff/invalid.html", status=400)
    if request.session.session_key is None:
        request.session.save()  # a key to record the click against, before the response would make one
    outcome = handoff_click_record(token=token, session_key=request.session.session_key or "", user=request.user)
    if outcome.click is not None:
        remembered = [i for i in request.session.get(SESSION_CLICKS, []) if isinstance(i, int)]
        request.session[SESSION_CLICKS] = [*remembered, outcome.click.pk][-SESSION_CLICKS_MAX:]
    if outcome.product is None:
        return render(request, "affiliates/handoff/invalid.html", status=400)
    return HttpResponseRedirect(reverse("catalog:product", args=[outcome.product]))
