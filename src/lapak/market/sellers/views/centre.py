"""The seller centre's front pages: the overview, starting to sell, and one application's status and history."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.forms.apply import APPLY_TYPES, StartForm
from lapak.market.sellers.models import EDITABLE_STATUSES, BankAccountStatus, SellerApplication
from lapak.market.sellers.permissions import EDITORS
from lapak.market.sellers.selectors import (
    application_current,
    application_for,
    application_history,
    application_missing_items,
    bank_account_current,
    member_role_of,
    organisation_for,
    organisations_for,
    payouts_on_hold,
)
from lapak.market.sellers.services import allowed_targets, application_start, application_withdraw, seller_apply
from lapak.market.sellers.views.common import localised, seller_page
from lapak.market.sellers.views.wizard_steps import missing_list, progress


@dataclass
class Shop:
    organisation: object
    role: str
    application: SellerApplication | None
    missing: list
    steps: list
    payouts_held: bool
    payout_note: str
    bank: object | None


@require_safe
@seller_page
def centre(request: HttpRequest) -> HttpResponse:
    shops = [_shop(request, organisation) for organisation in organisations_for(user=request.user)]
    return render(request, "sellers/centre.html", {"shops": shops, "paths": APPLY_TYPES})


def _shop(request: HttpRequest, organisation: object) -> Shop:
    application = application_current(organisation=organisation, user=request.user)
    missing, steps = [], []
    if application is not None and application.status in EDITABLE_STATUSES:
        found = application_missing_items(application=application)
        missing, steps = missing_list(application, found), progress(application, found, "")
    bank = bank_account_current(organisation=organisation, user=request.user)
    held = payouts_on_hold(organisation)
    return Shop(organisation=organisation, role=member_role_of(organisation, request.user), application=application,
                missing=missing, steps=steps, payouts_held=held, payout_note=payout_note(organisation, bank, held),
                bank=bank)


def payout_note(organisation: object, bank: object | None, held: bool) -> str:
    """Why payouts are held, in the order a seller can act on it."""
    if not held:
        return _("Payouts are running.")
    if organisation.status != "verified":
        return _("Payouts start once the shop is verified.")
    if organisation.payout_hold_until and organisation.payout_hold_until > timezone.now():
        when = date_filter(timezone.localtime(organisation.payout_hold_until), "j F Y, H:i")
        return _("The payout account was changed: payouts are held for 24 hours, until %(when)s.") % {"when": when}
    if bank is None:
        return _("Add a payout bank account to receive your money.")
    if bank.status != BankAccountStatus.VERIFIED:
        return _("The payout account is waiting for verification.")
    return _("The owner has withdrawn consent to payout processing.")


@require_http_methods(["GET", "POST"])
@seller_page
def start(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("type", "")
    initial = {"seller_type": chosen} if chosen in [t.value for t in APPLY_TYPES] else {}
    form = StartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = seller_apply(actor=request.user, seller_type=data["seller_type"],
                                       shop_name=data["shop_name"], jurisdiction=data["jurisdiction"],
                                       umkm_class=data["umkm_class"])
        except (ValidationFailed, Conflict) as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Your shop is created. Next: a few questions, saved as you go."))
            return redirect("sellers:wizard", application.public_id, "consent")
    return render(request, "sellers/start.html", {"form": form}, status=422 if form.is_bound else 200)


@require_safe
@seller_page
def application_detail(request: HttpRequest, kyc: str) -> HttpResponse:
    application = application_for(user=request.user, public_id=kyc)
    role = member_role_of(application.organisation, request.user)
    missing = []
    if application.status in EDITABLE_STATUSES:
        missing = missing_list(application, application_missing_items(application=application))
    history = [
        {"transition": t, "reasons": [localised(r.get("message_id", ""), r.get("message_en", "")) for r in t.reasons]}
        for t in application_history(application=application)
    ]
    flags = [localised(f.get("message_id", ""), f.get("message_en", "")) for f in application.review_flags]
    can_withdraw = role in EDITORS and "withdrawn" in allowed_targets(application.status, "applicant")
    latest = application_current(organisation=application.organisation, user=request.user)
    can_restart = (role in EDITORS and latest == application and application.status in ("rejected", "withdrawn")
                   and application.organisation.status not in ("verified", "closed"))
    context = {"application": application, "organisation": application.organisation, "missing": missing,
               "history": history, "flags": flags, "can_withdraw": can_withdraw, "can_restart": can_restart,
               "editable": application.status in EDITABLE_STATUSES and role in EDITORS}
    return render(request, "sellers/application.html", context)


@require_POST
@seller_page
def application_withdraw_view(request: HttpRequest, kyc: str) -> HttpResponse:
    application = application_for(user=request.user, public_id=kyc)
    try:
        application_withdraw(application=application, actor=request.user)
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.info(request, _("The application is withdrawn."))
    return redirect("sellers:application", application.public_id)


@require_POST
@seller_page
def application_restart(request: HttpRequest, org: str) -> HttpResponse:
    organisation = organisation_for(user=request.user, public_id=org)
    try:
        application = application_start(organisation=organisation, actor=request.user)
    except Conflict as exc:
        messages.error(request, str(exc.message))
        return redirect("sellers:centre")
    messages.success(request, _("A new application is started. Your shop details are kept."))
    return redirect("sellers:wizard", application.public_id, "consent")

