"""Forms of the identity step (one per seller type) and of the pickup address.

Identity numbers are never put back into a page once stored: their inputs stay empty, with the masked number
as a hint, and an empty input keeps the stored number (a draft save with an empty value would clear it).
"""

from __future__ import annotations

from datetime import date

from babel import Locale
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lapak.market.sellers.forms.base import ServiceErrorsForm, identity_input, phone_input, saved_hint
from lapak.market.sellers.identity import identity_masked
from lapak.market.sellers.models import IdDocumentKind, SellerApplication, Sex

IDENTITY_NUMBERS = ("nik", "passport_number", "nib", "npwp", "responsible_nik")
# Kept out of the country list: they are not countries, or (ID) not foreign.
_NOT_ORIGINS = frozenset({"ID", "EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK"})


class AddressFields(forms.Form):
    """The street line and the village picked on the region cascade (the region picker renders the last two)."""

    address_line = forms.CharField(
        label=_("Street address"), max_length=250, required=False,
        help_text=_("Street, number, RT/RW."), widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    address_region_code = forms.CharField(required=False, max_length=13)
    address_postcode = forms.CharField(required=False, max_length=10)


class IdentityStepForm(ServiceErrorsForm):
    picker_fields = ("address_region_code", "address_postcode")

    def __init__(self, *args: object, application: SellerApplication, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name in IDENTITY_NUMBERS:
            if name in self.fields and (masked := identity_masked(application, name)):
                self.fields[name].help_text = saved_hint(masked)
                self.fields[name].widget.attrs["placeholder"] = masked

    @classmethod
    def initial_for(cls, application: SellerApplication) -> dict:
        values = {
            "id_document_kind": application.id_document_kind, "full_name": application.full_name,
            "birth_date": application.birth_date, "sex": application.sex, "phone": application.phone,
            "address_line": application.address_line, "address_region_code": application.address_region_id or "",
            "address_postcode": application.address_postcode, "company_name": application.company_name,
            "responsible_person_name": application.responsible_person_name,
            "origin_country": application.origin_country, "origin_address": application.origin_address,
            "shipping_origin": application.shipping_origin,
            "bahasa_descriptions_declared": application.bahasa_descriptions_declared_at is not None,
        }
        return {name: value for name, value in values.items() if name in cls.base_fields}

    def draft_data(self) -> dict:
        """What to save: every valid field as given, except identity numbers left empty (they keep the stored one).
        Call after is_valid(); a field the form found wrong is left out (its stored value stays)."""
        data = {}
        for name in self.fields:
            if name in self.errors:
                continue
            value = self.cleaned_data.get(name)
            if name in IDENTITY_NUMBERS and not value:
                continue
            if isinstance(value, date):
                value = value.isoformat()
            data[name] = "" if value is None else value
        return data


class IndividualForm(IdentityStepForm, AddressFields):
    id_document_kind = forms.ChoiceField(label=_("Identity document"), required=False, widget=forms.RadioSelect,
                                         choices=IdDocumentKind.choices)
    full_name = forms.CharField(label=_("Full name, as on the document"), max_length=150, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    nik = identity_input(_("NIK (16 digits on your KTP)"))
    passport_number = identity_input(_("Passport number (if you chose the passport)"), max_length=16, numeric=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"},
                                                        format="%Y-%m-%d"))
    sex = forms.ChoiceField(label=_("Sex, as on the document"), required=False, widget=forms.RadioSelect,
                            choices=Sex.choices)
    phone = phone_input()


class BusinessForm(IdentityStepForm, AddressFields):
    company_name = forms.CharField(label=_("Company name, as registered"), max_length=200, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    nib = identity_input(_("NIB (13 digits, from OSS)"))
    npwp = identity_input(_("Company NPWP (15 or 16 digits)"))
    responsible_person_name = forms.CharField(label=_("Responsible person's full name"), max_length=150,
                                              required=False)
    responsible_nik = identity_input(_("Responsible person's NIK"))
    phone = phone_input()


class ForeignForm(IdentityStepForm):
    company_name = forms.CharField(label=_("Business name in the origin country"), max_length=200, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    origin_country = forms.ChoiceField(label=_("Origin country"), required=False)
    origin_address = forms.CharField(label=_("Address in the origin country"), max_length=300, required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    shipping_origin = forms.CharField(label=_("Shipping origin"), max_length=200, required=False,
                                      help_text=_("Where your parcels are sent from; buyers see it on each listing."))
    bahasa_descriptions_declared = forms.BooleanField(
        label=_("I will describe my products in Bahasa Indonesia."), required=False,
    )
    phone = phone_input()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Contact mobile number in Indonesia")
        self.fields["origin_country"].choices = [("", _("Choose the country")), *country_choices()]


def country_choices() -> list[tuple[str, str]]:
    """Countries named in the page's language (Babel's CLDR data), sorted by name."""
    locale = Locale.parse(translation.get_language() or "id", sep="-")
    return sorted(((code, name) for code, name in locale.territories.items()
                   if len(code) == 2 and code.isalpha() and code not in _NOT_ORIGINS), key=lambda c: c[1])


IDENTITY_FORMS = {"individual": IndividualForm, "business": BusinessForm, "first_party": BusinessForm,
                  "mlm": BusinessForm, "foreign": ForeignForm}


class PickupForm(ServiceErrorsForm):
    pickup_street = forms.CharField(label=_("Street address for pickup"), max_length=200, required=False,
                                    help_text=_("Where couriers collect your parcels: street, number, RT/RW."),
                                    widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    pickup_region_code = forms.CharField(required=False, max_length=13)
    pickup_postcode = forms.CharField(required=False, max_length=10)
    picker_fields = ("pickup_region_code", "pickup_postcode")

    def profile_data(self) -> dict:
        data = {"pickup_street": self.cleaned_data["pickup_street"]}
        if self.cleaned_data["pickup_region_code"]:  # no village chosen yet: the pickup address stays as it was
            data["pickup_region_code"] = self.cleaned_data["pickup_region_code"]
            data["pickup_postcode"] = self.cleaned_data["pickup_postcode"]
        return data
