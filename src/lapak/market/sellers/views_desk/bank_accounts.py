"""Payout accounts waiting for an operator: holder names that did not match, and new accounts not yet checked."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lapak.core.errors import LapakError
from lapak.market.sellers.forms_desk import BankReviewForm
from lapak.market.sellers.selectors import bank_accounts_for_review
from lapak.market.sellers.services import bank_account_review
from lapak.market.sellers.services.checks import applicant_names
from lapak.market.sellers.views_desk.common import operator_page


@operator_page
@require_safe
def account_queue(request: HttpRequest) -> HttpResponse:
    rows = []
    for account in bank_accounts_for_review(actor=request.user):
        latest = account.organisation.applications.order_by("-created_at", "-pk").first()
        rows.append({
            "account": account,
            "application": latest,
            "names": applicant_names(latest) if latest else [],
            "score": round(account.holder_match_score * 100) if account.holder_match_score is not None else None,
        })
    return render(request, "operations/bank_accounts.html", {"rows": rows})


@operator_page
@require_POST
def account_review(request: HttpRequest, public_id: str) -> HttpResponse:
    form = BankReviewForm(request.POST)
    account = bank_accounts_for_review(actor=request.user).filter(public_id=public_id).first()
    if account is None:
        messages.error(request, _("This account has already been reviewed, or it is no longer the shop's payout "
                                  "account."))
        return redirect("operations:bank_accounts")
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("operations:bank_accounts")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        bank_account_review(account=account, actor=request.user, approve=approve, note=form.cleaned_data["note"])
    except LapakError as exc:
        messages.error(request, str(exc.message))
        return redirect("operations:bank_accounts")
    text = _("Account %(number)s of %(shop)s approved.") if approve else _("Account %(number)s of %(shop)s rejected.")
    messages.success(request, text % {"number": account.number_masked, "shop": account.organisation.shop_name})
    return redirect("operations:bank_accounts")
