"""The operator's form to change a switch: it parses what was typed; the service decides the rules, and its errors
are shown next to the fields they name."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.compliance.models import SwitchState
from lapak.core.errors import LapakError


class SwitchForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), widget=forms.RadioSelect, choices=SwitchState.choices,
        error_messages={"required": _("Choose on, off or pilot."), "invalid_choice": _("Choose on, off or pilot.")})
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=1000, strip=True, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to suspend or pilot a feature. Sellers and buyers who are refused see it."),
        error_messages={"max_length": _("At most 1000 characters.")})
    pilot_sellers = forms.CharField(
        label=_("Pilot sellers"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Pilot only: seller organisation ids (org_…), one per line or separated by commas."),
        error_messages={"max_length": _("The list is too long.")})
    # Set by the confirmation step: the operator has seen the change and the reason as people will read it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def sellers(self) -> list[str]:
        return [s for s in re.split(r"[\s,;]+", self.cleaned_data.get("pilot_sellers") or "") if s]

    def add_service_error(self, error: LapakError) -> None:
        for name, messages in (error.fields or {"__all__": [error.message]}).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))
