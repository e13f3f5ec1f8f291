"""The creator's payout account form. The service checks the fields; this form carries text and shows errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError


class PayoutAccountForm(forms.Form):
    bank_code = forms.CharField(label=_("Bank"), max_length=20, help_text=_("The bank's code, e.g. BCA or 014."))
    account_number = forms.CharField(label=_("Account number"), max_length=40,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    holder_name = forms.CharField(label=_("Account holder"), max_length=150,
                                  help_text=_("As the bank shows it."))

    def add_service_error(self, error: LapakError) -> None:
        for name, messages in (error.fields or {"__all__": [error.message]}).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))
