"""Forms of the "my data" page: export, correction and deletion requests (ID-PDP-2)."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lapak.market.sellers.forms.base import ServiceErrorsForm

# The application fields a person may ask to have corrected (the service's CORRECTABLE_FIELDS), as named here.
CORRECTION_LABELS = {
    "full_name": _("Full name"), "birth_date": _("Date of birth (YYYY-MM-DD)"), "sex": _("Sex (M or F)"),
    "phone": _("Mobile phone number"), "address_line": _("Street address"),
    "address_region_code": _("Village code (kode wilayah)"), "address_postcode": _("Postcode"),
    "company_name": _("Company name"), "responsible_person_name": _("Responsible person's name"),
    "origin_address": _("Address in the origin country"), "shipping_origin": _("Shipping origin"),
    "nik": _("NIK"), "passport_number": _("Passport number"), "nib": _("NIB"), "npwp": _("NPWP"),
    "responsible_nik": _("Responsible person's NIK"),
}
CORRECTION_ROWS = 3


class ExportForm(forms.Form):
    include_files = forms.BooleanField(label=_("Include my uploaded photos and documents (a larger file)"),
                                       required=False)


class CorrectionForm(ServiceErrorsForm):
    application = forms.ChoiceField(label=_("Application"))
    note = forms.CharField(label=_("Anything we should know? (optional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, applications: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = applications
        choices = [("", _("Choose a field")), *list(CORRECTION_LABELS.items())]
        for row in range(1, CORRECTION_ROWS + 1):
            self.fields[f"field_{row}"] = forms.ChoiceField(label=format_lazy(_("What to correct ({row})"), row=row),
                                                            choices=choices, required=False)
            self.fields[f"value_{row}"] = forms.CharField(
                label=format_lazy(_("Correct value ({row})"), row=row), max_length=300, required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
        self.order_fields(["application", *[f"{p}_{r}" for r in range(1, CORRECTION_ROWS + 1)
                                            for p in ("field", "value")], "note"])

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"field_{r}"], self[f"value_{r}"]) for r in range(1, CORRECTION_ROWS + 1)]

    def clean(self) -> dict:
        cleaned = super().clean()
        changes: dict[str, str] = {}
        for row in range(1, CORRECTION_ROWS + 1):
            name, value = cleaned.get(f"field_{row}"), (cleaned.get(f"value_{row}") or "").strip()
            if name and not value:
                self.add_error(f"value_{row}", _("Enter the correct value."))
            elif value and not name:
                self.add_error(f"field_{row}", _("Choose the field to correct."))
            elif name in changes:
                self.add_error(f"field_{row}", _("This field is already in the request."))
            elif name:
                changes[name] = value
        if not changes and not self.errors:
            self.add_error("field_1", _("Choose at least one field and its correct value."))
        self.changes = changes
        return cleaned

    def add_service_errors(self, fields: dict) -> None:
        # The service names the application field; show its message on the row that proposed it.
        rows = {self.cleaned_data.get(f"field_{r}"): f"value_{r}" for r in range(1, CORRECTION_ROWS + 1)}
        super().add_service_errors({rows.get(name, name): messages for name, messages in fields.items()})


class DeletionForm(ServiceErrorsForm):
    confirm = forms.BooleanField(
        label=_("I understand that my shops will be closed and what is kept, as explained above."),
        error_messages={"required": _("Tick the box to confirm that you have read what deletion means.")},
    )
    note = forms.CharField(label=_("Anything we should know? (optional)"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
