"""The code form of the two-factor pages. It checks the code's shape; `two_factor` decides whether it is right."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code"),
        max_length=9,  # "123 456", as authenticator apps show it, with some slack for stray spaces
        help_text=_("Open your authenticator app and type the code it shows for Lapak."),
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "autocapitalize": "none",
            "spellcheck": "false",
            "autofocus": True,
        }),
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError(_("Enter the 6 digits shown in your authenticator app."))
        return code
