"""The address book's form. The services check everything; this form only carries text and shows their errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError

PREFIX = "address"  # the region picker's inputs are address_province … address_region_code, address_postcode


class AddressForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=40, required=False,
                            help_text=_("Such as Rumah or Kantor."))
    recipient_name = forms.CharField(label=_("Recipient's name"), max_length=100, required=False,
                                     widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Recipient's mobile number"), max_length=32, required=False,
                            help_text=_("An Indonesian mobile number, such as 0812 3456 7890."),
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    street = forms.CharField(label=_("Street address"), max_length=200, required=False,
                             help_text=_("Street, house number, RT/RW and a landmark if it helps the courier."),
                             widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    is_default = forms.BooleanField(label=_("Make this my default address"), required=False)
    address_region_code = forms.CharField(required=False, max_length=20)
    address_postcode = forms.CharField(required=False, max_length=10)

    # The service's names for the picker's inputs; the picker shows these errors itself.
    service_field_map = {"region_code": "address_region_code", "postcode": "address_postcode"}

    def service_data(self) -> dict[str, str]:
        data = self.cleaned_data
        return {"label": data["label"], "recipient_name": data["recipient_name"], "phone": data["phone"],
                "street": data["street"], "region_code": data["address_region_code"],
                "postcode": data["address_postcode"]}

    def add_service_error(self, error: LapakError) -> None:
        for name, messages in (error.fields or {"__all__": [error.message]}).items():
            target = self.service_field_map.get(name, name)
            for message in messages:
                self.add_error(target if target in self.fields else None, str(message))
