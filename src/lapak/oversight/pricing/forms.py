"""The operator's form for a legal request: it parses what was typed; the service decides the rules, and its
errors are shown next to the fields they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError

_DATE = {"invalid": _("Enter a date as YYYY-MM-DD.")}


class LegalRequestForm(forms.Form):
    jurisdiction = forms.CharField(label=_("Jurisdiction"), max_length=2, initial="ID",
                                   help_text=_("Two letters, e.g. ID: the regulators who may see the name."),
                                   error_messages={"required": _("Choose a configured jurisdiction.")})
    authority = forms.CharField(label=_("Authority"), max_length=200, required=False)
    reference_number = forms.CharField(label=_("Reference number"), max_length=100, required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False,
                                  help_text=_("The law or order the request relies on."))
    received_on = forms.DateField(label=_("Received on"), required=False, input_formats=["%Y-%m-%d"],
                                  widget=forms.DateInput(attrs={"type": "date"}), error_messages=_DATE)
    expires_on = forms.DateField(label=_("Expires on"), required=False, input_formats=["%Y-%m-%d"],
                                 widget=forms.DateInput(attrs={"type": "date"}), error_messages=_DATE,
                                 help_text=_("Inclusive. Leave empty if the request sets no end."))
    seller_id = forms.CharField(label=_("Seller organisation"), max_length=40, required=False,
                                help_text=_("The seller's organisation id, org_…"))
    scope_note = forms.CharField(label=_("Scope"), required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("What the request covers. No personal data."))

    def add_service_error(self, error: LapakError) -> None:
        for name, messages in (error.fields or {"__all__": [error.message]}).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))
