"""Studio forms: the creator profile, the phone code, a showcase product. The services check everything; the
forms carry text and show the services' errors next to the fields they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError


class ServiceErrorsForm(forms.Form):
    def add_service_error(self, error: LapakError) -> None:
        for name, messages in (error.fields or {"__all__": [error.message]}).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))


class CreatorProfileForm(ServiceErrorsForm):
    handle = forms.CharField(label=_("Handle"), max_length=31, required=False,
                             help_text=_("Your address on Lapak: 3 to 30 lower-case letters, digits, - or _."),
                             widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "username"}))
    display_name = forms.CharField(label=_("Display name"), max_length=80, required=False)
    bio = forms.CharField(label=_("Bio"), max_length=300, required=False,
                          widget=forms.Textarea(attrs={"rows": 3}))
    phone = forms.CharField(label=_("Mobile number"), max_length=32, required=False,
                            help_text=_("We send a code to it. An Indonesian mobile number, such as 0812 3456 7890."),
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    seller_org = forms.CharField(label=_("Your shop's id (optional)"), max_length=60, required=False,
                                 help_text=_("If you are a member of a shop on Lapak, its id (org_…). The "
                                             "marketplace checks your membership."))

    def __init__(self, *args: object, editing: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # a handle is for good: links and hand-offs point at it
            del self.fields["handle"]


class PhoneCodeForm(ServiceErrorsForm):
    code = forms.CharField(label=_("Code from the SMS"), max_length=12, required=False,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                                         "pattern": "[0-9]*"}))


class ShowcaseAddForm(ServiceErrorsForm):
    product_id = forms.CharField(label=_("Product id"), max_length=60, required=False,
                                 help_text=_("The marketplace product's id (prd_…), shown on its page."))
