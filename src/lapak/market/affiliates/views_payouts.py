"""The creator's payout page (mounted at /studio/payout-account/): the payout account, masked, with a form to
set a new one, and the creator's payouts. Creators only (others get the 403 page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lapak.core.errors import Conflict, PermissionDenied, ValidationFailed
from lapak.market.affiliates import selectors_payouts as selectors
from lapak.market.affiliates.forms_payouts import PayoutAccountForm
from lapak.market.affiliates.services_payouts import creator_payout_account_set


def _page(request: HttpRequest, form: PayoutAccountForm, status: int = 200) -> HttpResponse:
    account = selectors.payout_account_of(creator=request.user)
    return render(request, "affiliates/payouts/account.html", {
        "account": account, "held_until": selectors.payout_account_hold_until(account) if account else None,
        "payouts": selectors.creator_payouts_of(creator=request.user)[:50],
        "balances": selectors.creator_balances(creator=request.user), "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@never_cache  # the page shows bank details
def payout_account(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, PayoutAccountForm())
    form = PayoutAccountForm(request.POST)
    if form.is_valid():
        try:
            creator_payout_account_set(actor=request.user, **form.cleaned_data)
        except (ValidationFailed, Conflict) as exc:  # a Conflict: another change won the race; shown inline
            form.add_service_error(exc)
        except PermissionDenied as exc:
            return render(request, "sellers/forbidden.html", {"message": str(exc.message)}, status=403)
        else:
            messages.success(request, _("Your payout account is saved. Payouts start 24 hours from now."))
            return redirect("affiliates_payouts:account")
    return _page(request, form, status=422)
