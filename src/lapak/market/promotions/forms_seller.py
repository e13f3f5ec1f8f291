"""The seller centre's voucher form. The services check the terms; this form carries text and shows errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError

_NUMBER = {"inputmode": "numeric"}


class VoucherForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, required=False,
                           help_text=_("What buyers type, such as HEMAT10: letters, digits and dashes."))
    kind = forms.ChoiceField(label=_("Kind"), choices=(("fixed", _("Fixed amount")), ("percentage", _("Percentage"))))
    amount = forms.CharField(label=_("Amount off (Rp)"), max_length=20, required=False,
                             help_text=_("For a fixed voucher."), widget=forms.TextInput(attrs=_NUMBER))
    percent = forms.CharField(label=_("Percentage off"), max_length=20, required=False,
                              help_text=_("For a percentage voucher: 1 to 100, up to two decimals."),
                              widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    max_discount = forms.CharField(label=_("Cap (Rp)"), max_length=20, required=False,
                                   help_text=_("The most a percentage voucher takes off; empty for no cap."),
                                   widget=forms.TextInput(attrs=_NUMBER))
    min_spend = forms.CharField(label=_("Minimum spend (Rp)"), max_length=20, required=False,
                                widget=forms.TextInput(attrs=_NUMBER))
    per_buyer_limit = forms.CharField(label=_("Uses per buyer"), max_length=10, required=False, initial="1",
                                      widget=forms.TextInput(attrs=_NUMBER))
    budget = forms.CharField(label=_("Total budget (Rp)"), max_length=20, required=False,
                             help_text=_("Empty for no budget."), widget=forms.TextInput(attrs=_NUMBER))
    max_redemptions = forms.CharField(label=_("Most uses in all"), max_length=12, required=False,
                                      widget=forms.TextInput(attrs=_NUMBER))
    valid_from = forms.CharField(label=_("Valid from"), max_length=40, required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    valid_until = forms.CharField(label=_("Valid until"), max_length=40, required=False,
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    service_field_map = {"percent_bp": "percent"}

    def service_data(self) -> dict[str, object]:
        data = dict(self.cleaned_data)
        percent = data.pop("percent").strip().replace(",", ".")
        if percent:
            whole, _dot, fraction = percent.partition(".")
            # Basis points from "12.5" without floats; text that is no number goes on as is for the service.
            if whole.isdigit() and (fraction.isdigit() or not fraction) and len(fraction) <= 2:
                data["percent_bp"] = int(whole) * 100 + int((fraction or "0").ljust(2, "0"))
            else:
                data["percent_bp"] = percent
        return {name: value for name, value in data.items() if value != ""}

    def add_service_error(self, error: LapakError) -> None:
        for name, messages in (error.fields or {"__all__": [error.message]}).items():
            target = self.service_field_map.get(name, name)
            for message in messages:
                self.add_error(target if target in self.fields else None, str(message))
