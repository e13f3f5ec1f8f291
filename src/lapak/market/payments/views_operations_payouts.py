"""The operators' payouts that need a look (issue 6): held ones with why (and when a 24-hour hold after a payout
account change lifts by itself: no one releases a hold by hand; the next daily batch looks again once its cause
is gone), failed ones with the gateway's error and a button to send again now, and those the bank returned.
Operators only (the operations desk's guard); an operator who belongs to the shop may look but not act."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from lapak.core.errors import Conflict, NotFound, PermissionDenied
from lapak.market.payments import selectors_operations as sel
from lapak.market.payments.models_payouts import HoldReason, Payout
from lapak.market.payments.services.operations_payouts import payout_retry_now
from lapak.market.payments.views_operations_forms import StateFilterForm
from lapak.market.sellers.views_desk.common import operator_page

PAGE_SIZE = 50
STATES = ["held", "failed", "returned"]
H = HoldReason
# The sellers read "your shop…"; operators read the same reasons about the shop, with what ends each.
REASONS = {
    H.SELLER_NOT_VERIFIED: gettext_lazy("The shop is not verified: lifts when it is."),
    H.NO_BANK_ACCOUNT: gettext_lazy("No payout bank account: lifts when the seller adds one."),
    H.BANK_ACCOUNT_UNVERIFIED: gettext_lazy("The payout account is not verified yet: lifts when it is."),
    H.BANK_ACCOUNT_CHANGED: gettext_lazy("The payout account changed in the last 24 hours."),
    H.NO_CONSENT: gettext_lazy("The owner has not agreed to payout processing: lifts when they do."),
    H.RETURN_OPEN: gettext_lazy("A return or dispute is open: lifts when it is closed."),
}


def _row(payout: Payout, now: object) -> dict:
    reasons = [str(REASONS.get(code, code)) for code in payout.hold_reasons]
    lifts_at = sel.bank_change_hold_ends(payout.seller, now=now) if H.BANK_ACCOUNT_CHANGED in payout.hold_reasons \
        else None
    return {"payout": payout, "reasons": reasons, "lifts_at": lifts_at, "superseded": sel.later_payout_exists(payout)}


@operator_page
@require_safe
def payout_list(request: HttpRequest) -> HttpResponse:
    state = StateFilterForm(request.GET, choices=STATES).state_or_default()
    page = Paginator(sel.payouts_needing_attention(state=state), PAGE_SIZE).get_page(request.GET.get("page", "1")[:10])
    now = timezone.now()
    counts = sel.payout_counts()
    labels = {"held": _("Held"), "failed": _("Failed"), "returned": _("Returned by the bank")}
    tabs = [{"state": s, "label": labels[s], "count": counts[s], "current": s == state,
             "query": urlencode({"state": s})} for s in STATES]
    return render(request, "payments_operations/payouts.html", {
        "page": page, "rows": [_row(p, now) for p in page.object_list], "tabs": tabs, "state": state,
        "page_query": urlencode({"state": state})})


@operator_page
@require_POST
def payout_retry(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        payout = sel.payout_for_operator(public_id=public_id)
    except NotFound:
        raise Http404(_("There is no such payout.")) from None
    back = redirect(f"{reverse('payments_operations:payouts')}?{urlencode({'state': 'failed'})}")
    try:
        payout = payout_retry_now(payout=payout, actor=request.user)
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    except Conflict as exc:
        messages.error(request, str(exc.message))
        return back
    messages.success(request, _("Payout %(id)s sent again: it is now “%(status)s”.") % {
        "id": payout.public_id, "status": payout.get_status_display()})
    return back
