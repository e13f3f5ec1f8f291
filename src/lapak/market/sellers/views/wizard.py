"""The application wizard: one page per step, each saving a draft the applicant can leave and resume.

Every step follows the same rules: the application comes from a selector (another seller's is 404), what
was typed is shown again when something is wrong (with the services' errors beside the fields, status
422), and a stored identity number is never sent back into the page, only its mask.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.forms.apply import ConsentForm, ShopForm
from lapak.market.sellers.forms.identity import IDENTITY_FORMS, IDENTITY_NUMBERS, PickupForm
from lapak.market.sellers.models import EDITABLE_STATUSES, SellerApplication
from lapak.market.sellers.rules import consent_policy_version
from lapak.market.sellers.selectors import application_for, consent_status, consents_of
from lapak.market.sellers.services import application_draft_save, consent_grant, organisation_profile_update
from lapak.market.sellers.views.common import forbidden, seller_page, upload_limit
from lapak.market.sellers.views.regions import picker_from_data, picker_from_village
from lapak.market.sellers.views.wizard_bank import bank_step
from lapak.market.sellers.views.wizard_base import consent_missing, not_editable, render_step, step_saved
from lapak.market.sellers.views.wizard_documents import documents_step
from lapak.market.sellers.views.wizard_steps import steps_for
from lapak.market.sellers.views.wizard_submit import review_step


@require_http_methods(["GET", "POST"])
@seller_page
@upload_limit(files=3)
def wizard(request: HttpRequest, kyc: str, step: str) -> HttpResponse:
    application = application_for(user=request.user, public_id=kyc)
    if step not in {s.slug for s in steps_for(application.organisation.seller_type)}:
        raise Http404
    if application.status not in EDITABLE_STATUSES:
        return not_editable(request, application)
    if step in ("identity", "documents", "bank", "pickup") and consent_missing(application):
        messages.info(request, _("Please agree to the processing of your data first: we ask for it before "
                                 "any identity details."))
        return redirect("sellers:wizard", application.public_id, "consent")
    handlers = {"shop": shop_step, "consent": consent_step, "identity": identity_step, "pickup": pickup_step,
                "documents": documents_step, "bank": bank_step, "review": review_step}
    return handlers[step](request, application)


def shop_step(request: HttpRequest, application: SellerApplication) -> HttpResponse:
    organisation = application.organisation
    form = ShopForm(request.POST or None, initial={"shop_name": organisation.shop_name,
                                                   "umkm_class": organisation.umkm_class})
    if request.method == "POST" and form.is_valid():
        try:
            organisation_profile_update(organisation=organisation, actor=request.user, data=form.cleaned_data)
        except ValidationFailed as exc:
            form.add_service_error(exc)
        except Conflict as exc:
            form.add_service_error(exc)
            return render_step(request, application, "shop", {"form": form}, status=409)
        else:
            return step_saved(request, application, "shop")
    return render_step(request, application, "shop", {"form": form}, status=422 if form.is_bound else 200)


def consent_step(request: HttpRequest, application: SellerApplication) -> HttpResponse:
    applicant = application.applicant
    is_applicant = applicant is not None and applicant.pk == request.user.pk
    live = consent_status(user=applicant) if applicant else {}
    granted = {purpose for purpose, given in live.items() if given}
    form = ConsentForm(request.POST or None, granted=granted, initial={"policy_version": consent_policy_version()})
    context = {"form": form, "is_applicant": is_applicant, "policy_version": consent_policy_version(),
               "given": [c for c in consents_of(user=applicant).filter(ended_at__isnull=True)] if applicant else []}
    if request.method == "POST":
        if not is_applicant:
            return forbidden(request, _("Only the applicant can give consent to the processing of their data."))
        if form.is_valid():
            try:
                if form.purposes():
                    consent_grant(user=request.user, purposes=form.purposes(),
                                  policy_version=form.cleaned_data["policy_version"])
            except (ValidationFailed, Conflict) as exc:
                form.add_service_error(exc)
            else:
                if "finish_later" in request.POST or form.require(granted):
                    return step_saved(request, application, "consent")
        return render_step(request, application, "consent", context, status=422)
    return render_step(request, application, "consent", context)


def identity_step(request: HttpRequest, application: SellerApplication) -> HttpResponse:
    form_class = IDENTITY_FORMS[application.organisation.seller_type]
    has_address = "address_region_code" in form_class.base_fields
    if request.method != "POST":
        form = form_class(initial=form_class.initial_for(application), application=application)
        picker = picker_from_village("address", application.address_region_id or "",
                                     application.address_postcode) if has_address else None
        return render_step(request, application, "identity", {"form": form, "picker": picker})
    form = form_class(request.POST, application=application)
    if "_refresh" in request.POST:  # no JavaScript: list the regions under what was chosen
        picker = picker_from_data("address", request.POST, fill_postcode=True)
        return render_step(request, application, "identity", {"form": form, "picker": picker})
    # Keep what is right: what passes is saved as a draft, and only the wrong fields are shown again.
    form.is_valid()
    try:
        application, saved, errors = _save_what_passes(request, application, form.draft_data())
    except Conflict:
        return not_editable(request, application)
    if form.errors or errors:
        posted = request.POST.copy()
        for name in IDENTITY_NUMBERS:
            if name in saved:
                posted[name] = ""  # stored now: from here on it is shown masked only
        form = form_class(posted, application=application)
        form.is_valid()
        form.add_service_errors(errors)
        return _identity_again(request, application, form, has_address)
    return step_saved(request, application, "identity")


def _save_what_passes(request: HttpRequest, application: SellerApplication, data: dict) -> (
        tuple[SellerApplication, set[str], dict]):
    """Save `data`; if the service refuses some fields, save the others. Returns what was saved and the errors."""
    if not data:
        return application, set(), {}
    try:
        return application_draft_save(application=application, actor=request.user, data=data), set(data), {}
    except ValidationFailed as exc:
        errors = dict(exc.fields)
    rest = {name: value for name, value in data.items() if name not in errors}
    if not rest:
        return application, set(), errors
    try:
        return application_draft_save(application=application, actor=request.user, data=rest), set(rest), errors
    except ValidationFailed as again:
        return application, set(), {**errors, **again.fields}


def _identity_again(request: HttpRequest, application: SellerApplication, form: object,
                    has_address: bool) -> HttpResponse:
    picker = picker_from_data("address", form.data, errors=form.errors) if has_address else None
    return render_step(request, application, "identity", {"form": form, "picker": picker}, status=422)


def pickup_step(request: HttpRequest, application: SellerApplication) -> HttpResponse:
    organisation = application.organisation
    if request.method != "POST":
        prefilled = not organisation.pickup_region_id and bool(application.address_region_id)
        if prefilled:  # the applicant's own address is the likeliest pickup address
            street, village, postcode = (application.address_line, application.address_region_id,
                                         application.address_postcode)
        else:
            street, village, postcode = (organisation.pickup_street, organisation.pickup_region_id or "",
                                         organisation.pickup_postcode)
        form = PickupForm(initial={"pickup_street": street})
        picker = picker_from_village("pickup", village, postcode)
        return render_step(request, application, "pickup", {"form": form, "picker": picker, "prefilled": prefilled})
    form = PickupForm(request.POST)
    if "_refresh" in request.POST:
        picker = picker_from_data("pickup", request.POST, fill_postcode=True)
        return render_step(request, application, "pickup", {"form": form, "picker": picker})
    if form.is_valid():
        try:
            organisation_profile_update(organisation=organisation, actor=request.user, data=form.profile_data())
        except (ValidationFailed, Conflict) as exc:
            form.add_service_error(exc)
        else:
            return step_saved(request, application, "pickup")
    picker = picker_from_data("pickup", request.POST, errors=form.errors)
    return render_step(request, application, "pickup", {"form": form, "picker": picker}, status=422)
