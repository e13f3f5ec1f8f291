"""The creator's invitations page (mounted at /studio/invites/): shops' offers of a higher commission, to accept
or decline. A creator sees only the invitations sent to them; anyone else's is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lapak.core.errors import Conflict, NotFound
from lapak.market.affiliates import selectors_offers as selectors
from lapak.market.affiliates import services_invites


@require_GET
@login_required
@never_cache
def invite_list(request: HttpRequest) -> HttpResponse:
    rows = [(i, selectors.percent_label(i.rate_bps)) for i in selectors.invites_of_creator(creator=request.user)[:200]]
    return render(request, "affiliates/invites/list.html", {"rows": rows})


def _answer(request: HttpRequest, inv: str, accept: bool) -> HttpResponse:
    try:
        invite = selectors.invite_of_creator(creator=request.user, public_id=inv)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    try:
        if accept:
            services_invites.invite_accept(actor=request.user, invite=invite)
        else:
            services_invites.invite_decline(actor=request.user, invite=invite)
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("You accepted the invitation.") if accept else _("You declined the invitation."))
    return redirect("affiliates_invites:list")


@require_POST
@login_required
def invite_accept(request: HttpRequest, inv: str) -> HttpResponse:
    return _answer(request, inv, accept=True)


@require_POST
@login_required
def invite_decline(request: HttpRequest, inv: str) -> HttpResponse:
    return _answer(request, inv, accept=False)
