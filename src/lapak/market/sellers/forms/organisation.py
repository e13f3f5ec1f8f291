"""Forms of a shop's own pages: profile, logo, members."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from lapak.market.sellers.forms.apply import ACCEPT_PHOTO
from lapak.market.sellers.forms.base import ServiceErrorsForm
from lapak.market.sellers.models import MemberRole, UmkmClass


class ProfileForm(ServiceErrorsForm):
    shop_name = forms.CharField(label=_("Shop name"), max_length=80, required=False)  # the service says if empty
    description = forms.CharField(label=_("Description"), max_length=5000, required=False,
                                  help_text=_("What you sell, in a few sentences."),
                                  widget=forms.Textarea(attrs={"rows": 4}))
    umkm_class = forms.ChoiceField(label=_("UMKM class"), required=False,
                                   choices=[("", _("Choose the class")), *list(UmkmClass.choices)])
    pickup_street = forms.CharField(label=_("Street address for pickup"), max_length=200, required=False,
                                    widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    pickup_region_code = forms.CharField(required=False, max_length=13)
    pickup_postcode = forms.CharField(required=False, max_length=10)
    picker_fields = ("pickup_region_code", "pickup_postcode")

    def profile_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("shop_name", "description", "umkm_class", "pickup_street")}
        if self.cleaned_data["pickup_region_code"]:
            data["pickup_region_code"] = self.cleaned_data["pickup_region_code"]
            data["pickup_postcode"] = self.cleaned_data["pickup_postcode"]
        return data


class LogoForm(ServiceErrorsForm):
    logo = forms.FileField(label=_("Shop logo"), help_text=_("A square picture works best (JPEG, PNG or WebP)."),
                           widget=forms.FileInput(attrs={"accept": ACCEPT_PHOTO}))
    service_field_map = {"file": "logo"}


ROLE_CHOICES = [(MemberRole.MANAGER.value, MemberRole.MANAGER.label), (MemberRole.STAFF.value, MemberRole.STAFF.label)]


class MemberAddForm(ServiceErrorsForm):
    email = forms.EmailField(label=_("Their email address"), max_length=254,
                             help_text=_("The person must have a Lapak account already."),
                             widget=forms.EmailInput(attrs={"autocomplete": "off", "autocapitalize": "none"}))
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=MemberRole.STAFF.value)

    def clean_email(self) -> object:
        email = self.cleaned_data["email"].strip()
        user = get_user_model()._default_manager.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No Lapak account uses this email address. Ask them to sign up first."))
        self.user = user
        return email


class MemberRoleForm(ServiceErrorsForm):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
