"""The form of a rule version draft: parameters as a JSON text, the dates, a note; service errors go beside the
fields they name (`parameters.<name>` beside the parameters)."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lapak.core.errors import LapakError

PARAMETERS_MAX = 20_000


class VersionForm(forms.Form):
    parameters = forms.CharField(
        label=gettext_lazy("Parameters (JSON)"), max_length=PARAMETERS_MAX,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "class": "code-input"}),
        help_text=gettext_lazy("A JSON object; it starts as a copy of the version in force."))
    effective_from = forms.DateField(label=gettext_lazy("In force from"),
                                     widget=forms.DateInput(attrs={"type": "date"}))
    effective_until = forms.DateField(label=gettext_lazy("In force until (inclusive, optional)"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=gettext_lazy("Note (why, which regulation)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean_parameters(self) -> object:
        try:
            return json.loads(self.cleaned_data["parameters"])
        except ValueError as exc:
            raise forms.ValidationError(_("This is not valid JSON (%(detail)s).") % {"detail": exc}) from None

    def add_service_error(self, error: LapakError) -> None:
        if not error.fields:
            self.add_error(None, str(error.message))
        for name, texts in error.fields.items():
            field = name if name in self.fields else "parameters" if name.startswith("parameters.") else None
            prefix = f"{name.removeprefix('parameters.')}: " if field == "parameters" and name != "parameters" else ""
            for text in texts:
                self.add_error(field, f"{prefix}{text}")
