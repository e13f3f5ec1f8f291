"""The address book pages at /accounts/addresses/: the list, add, edit, delete, make default.

The area is chosen with the region picker (province → regency → district → village, the postcode from the
village), refreshed over htmx by `accounts:address_region_picker` and posted back without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lapak.accounts import selectors, services
from lapak.accounts.forms_addresses import PREFIX, AddressForm
from lapak.accounts.models import Address
from lapak.core.errors import LapakError, NotFound
from lapak.regions.picker import RegionPicker, picker_for, picker_from_data, picker_from_village


def _owned(request: HttpRequest, adr: str) -> Address:
    try:
        return selectors.address_of(request.user, adr)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _form_page(request: HttpRequest, form: AddressForm, picker: RegionPicker, address: Address | None = None,
               status: int = 200) -> HttpResponse:
    return render(request, "accounts/addresses/form.html",
                  {"form": form, "picker": picker, "address": address}, status=status)


@require_safe
@login_required
def address_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/addresses/list.html", {"addresses": list(selectors.addresses_of(request.user))})


def _submit(request: HttpRequest, address: Address | None) -> HttpResponse:
    form = AddressForm(request.POST)
    if "_refresh" in request.POST:  # no JavaScript: the levels under the chosen one, listed afresh
        form = AddressForm(initial=request.POST.dict())
        return _form_page(request, form, picker_from_data(PREFIX, request.POST, fill_postcode=True), address)
    if form.is_valid():
        try:
            if address is None:
                saved = services.address_create(user=request.user, data=form.service_data(),
                                                make_default=form.cleaned_data["is_default"])
            else:
                saved = services.address_update(address=address, actor=request.user, data=form.service_data())
                if form.cleaned_data["is_default"]:
                    services.address_set_default(address=saved, actor=request.user)
        except LapakError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The address %(label)s is saved.") % {"label": saved.label})
            return redirect("accounts:addresses")
    picker = picker_from_data(PREFIX, request.POST, errors=form.errors)
    return _form_page(request, form, picker, address, status=422)


@require_http_methods(["GET", "POST"])
@login_required
def address_add(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _submit(request, None)
    return _form_page(request, AddressForm(), picker_for(PREFIX, {}))


@require_http_methods(["GET", "POST"])
@login_required
def address_edit(request: HttpRequest, adr: str) -> HttpResponse:
    address = _owned(request, adr)
    if request.method == "POST":
        return _submit(request, address)
    form = AddressForm(initial={"label": address.label, "recipient_name": address.recipient_name,
                                "phone": address.phone, "street": address.street, "is_default": address.is_default})
    return _form_page(request, form, picker_from_village(PREFIX, address.village_id, address.postcode), address)


@require_POST
@login_required
def address_delete(request: HttpRequest, adr: str) -> HttpResponse:
    address = _owned(request, adr)
    services.address_delete(address=address, actor=request.user)
    messages.success(request, _("The address %(label)s is deleted.") % {"label": address.label})
    return redirect("accounts:addresses")


@require_POST
@login_required
def address_make_default(request: HttpRequest, adr: str) -> HttpResponse:
    address = services.address_set_default(address=_owned(request, adr), actor=request.user)
    messages.success(request, _("%(label)s is now your default address.") % {"label": address.label})
    return redirect("accounts:addresses")


@require_safe
def address_region_picker(request: HttpRequest) -> HttpResponse:
    """htmx partial: the levels again after a select changed, and the postcode. Public data, like /api/v1/regions/."""
    picker = picker_from_data(PREFIX, request.GET, fill_postcode=True)
    return render(request, "accounts/addresses/picker_update.html", {"picker": picker})
