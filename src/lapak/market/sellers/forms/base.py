"""What every seller-centre form shares: service errors shown next to their fields, and identity inputs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError


class ServiceErrorsForm(forms.Form):
    """A form that shows the errors a service raised (ValidationFailed.fields) beside the fields they name.

    `service_field_map` renames service keys that differ from the form's field names; keys the form has no
    field for are shown above the form.
    """

    service_field_map: Mapping[str, str] = {}

    def add_service_error(self, error: LapakError) -> None:
        fields = error.fields or {"__all__": [error.message]}
        self.add_service_errors(fields)

    def add_service_errors(self, fields: Mapping[str, Sequence[str | Promise]]) -> None:
        for name, messages in fields.items():
            target = self.service_field_map.get(name, name)
            if target not in self.fields:
                target = None
            for message in messages:
                if str(message) not in [str(m) for m in self.errors.get(target or "__all__", [])]:
                    self.add_error(target, str(message))


def identity_input(label: str | Promise, *, max_length: int = 32, numeric: bool = True) -> forms.CharField:
    """An identity number field. It is never pre-filled: a stored number is shown only masked, as a hint."""
    attrs = {"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
    if numeric:
        attrs["inputmode"] = "numeric"
    return forms.CharField(label=label, max_length=max_length, required=False,
                           widget=forms.TextInput(attrs=attrs))


def saved_hint(masked: str) -> str:
    return str(_("Saved: %(masked)s. Leave this empty to keep it, or type a new number to replace it.")
               % {"masked": masked})


def phone_input() -> forms.CharField:
    return forms.CharField(
        label=_("Mobile phone number"), max_length=32, required=False,
        help_text=_("An Indonesian mobile number, such as 0812 3456 7890 or +62 812 3456 7890."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
