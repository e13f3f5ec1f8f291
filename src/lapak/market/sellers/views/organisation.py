"""A shop's own pages: profile (with logo and pickup address), members, payout bank account.

Everything is reached through `organisation_for`, so another seller's shop is 404; roles are enforced by the
services (PermissionDenied becomes the 403 page), and the pages offer only what the reader's role allows.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.forms.apply import BankForm
from lapak.market.sellers.forms.banks import bank_name
from lapak.market.sellers.forms.organisation import LogoForm, ProfileForm
from lapak.market.sellers.models import MemberRole
from lapak.market.sellers.permissions import EDITORS
from lapak.market.sellers.rules import upload_max_bytes
from lapak.market.sellers.selectors import bank_account_current, member_role_of, organisation_for, payouts_on_hold
from lapak.market.sellers.services import organisation_logo_set, organisation_profile_update
from lapak.market.sellers.views.centre import payout_note
from lapak.market.sellers.views.common import forbidden, role_label, seller_page, upload_limit
from lapak.market.sellers.views.regions import picker_from_data, picker_from_village
from lapak.market.sellers.views.wizard_bank import bank_form_save, bank_initial


def _profile_page(request: HttpRequest, organisation: object, form: ProfileForm, picker: object,
                  logo_form: LogoForm | None = None, status: int = 200) -> HttpResponse:
    role = member_role_of(organisation, request.user)
    context = {"organisation": organisation, "role": role, "role_label": role_label(role), "can_edit": role in EDITORS,
               "form": form,
               "picker": picker, "logo_form": logo_form or LogoForm(), "section": "profile"}
    return render(request, "sellers/shop/profile.html", context, status=status)


@require_http_methods(["GET", "POST"])
@seller_page
def profile(request: HttpRequest, org: str) -> HttpResponse:
    organisation = organisation_for(user=request.user, public_id=org)
    if request.method != "POST":
        form = ProfileForm(initial={"shop_name": organisation.shop_name, "description": organisation.description,
                                    "umkm_class": organisation.umkm_class, "pickup_street": organisation.pickup_street})
        picker = picker_from_village("pickup", organisation.pickup_region_id or "", organisation.pickup_postcode)
        return _profile_page(request, organisation, form, picker)
    form = ProfileForm(request.POST)
    if "_refresh" in request.POST:
        return _profile_page(request, organisation, form, picker_from_data("pickup", request.POST, fill_postcode=True))
    if form.is_valid():
        try:
            organisation_profile_update(organisation=organisation, actor=request.user, data=form.profile_data())
        except (ValidationFailed, Conflict) as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The shop profile is saved."))
            return redirect("sellers:profile", organisation.public_id)
    picker = picker_from_data("pickup", request.POST, errors=form.errors)
    return _profile_page(request, organisation, form, picker, status=422)


@require_POST
@seller_page
@upload_limit(files=1)
def logo_upload(request: HttpRequest, org: str) -> HttpResponse:
    organisation = organisation_for(user=request.user, public_id=org)
    logo_form = LogoForm(request.POST, request.FILES)
    if logo_form.is_valid():
        upload = logo_form.cleaned_data["logo"]
        if upload.size > upload_max_bytes():
            logo_form.add_error("logo", _("The file is larger than %(limit)s.") % {
                "limit": filesizeformat(upload_max_bytes())})
        else:
            try:
                organisation_logo_set(organisation=organisation, actor=request.user, data=upload.read())
            except ValidationFailed as exc:
                logo_form.add_service_error(exc)
            else:
                messages.success(request, _("The logo is saved."))
                return redirect("sellers:profile", organisation.public_id)
    form = ProfileForm(initial={"shop_name": organisation.shop_name, "description": organisation.description,
                                "umkm_class": organisation.umkm_class, "pickup_street": organisation.pickup_street})
    picker = picker_from_village("pickup", organisation.pickup_region_id or "", organisation.pickup_postcode)
    return _profile_page(request, organisation, form, picker, logo_form=logo_form, status=422)


@require_safe
@seller_page
def logo(request: HttpRequest, org: str) -> HttpResponse:
    organisation = organisation_for(user=request.user, public_id=org)
    if not organisation.logo:
        raise Http404
    response = HttpResponse(bytes(organisation.logo), content_type=organisation.logo_content_type or "image/png")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
@seller_page
def bank(request: HttpRequest, org: str) -> HttpResponse:
    organisation = organisation_for(user=request.user, public_id=org)
    is_owner = member_role_of(organisation, request.user) == MemberRole.OWNER
    account = bank_account_current(organisation=organisation, user=request.user)
    allow_other = organisation.seller_type == "foreign"
    if request.method == "POST":
        if not is_owner:
            return forbidden(request, _("Only the shop's owner can change where payouts go."))
        form = BankForm(request.POST, allow_other=allow_other)
        if form.is_valid() and bank_form_save(request, form, organisation, account):
            if request.POST.get("account_number"):
                messages.success(request, _("The payout account is changed. It will be checked again."))
            return redirect("sellers:bank", organisation.public_id)
        status = 422
    else:
        form, status = BankForm(initial=bank_initial(account), allow_other=allow_other), 200
    if account is not None:
        form.fields["account_number"].help_text = _(
            "Saved: %(masked)s. Leave this empty to keep it, or type a new number to replace it."
        ) % {"masked": account.number_masked}
    held = payouts_on_hold(organisation)
    context = {"organisation": organisation, "form": form, "account": account, "is_owner": is_owner,
               "bank_label": bank_name(account.bank_code) if account else "", "payouts_held": held,
               "payout_note": payout_note(organisation, account, held), "section": "bank",
               "role_label": role_label(member_role_of(organisation, request.user))}
    return render(request, "sellers/shop/bank.html", context, status=status)
