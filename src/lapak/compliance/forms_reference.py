"""The forms of the reference-data console pages: they parse what the operator typed or uploaded; the services
decide the rules, and their errors are shown next to the field (or, for a file, row by row)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.compliance.reference_services import CERTIFICATE_KINDS, MAX_BYTES
from lapak.core.errors import LapakError

DATE = {"widget": forms.DateInput(attrs={"type": "date"}),
        "error_messages": {"invalid": _("Enter a date as YYYY-MM-DD.")}}


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, help_text=help_text, **DATE)


class ServiceErrorsForm(forms.Form):
    def add_service_error(self, error: LapakError) -> list[dict]:
        """A service's errors next to the fields they name; row errors ("rows.3.hs_code") are returned for the
        page's table of rows, and anything else goes above the form."""
        rows = []
        for path, messages in (error.fields or {"__all__": [error.message]}).items():
            parts = path.split(".")
            if parts[0] == "rows" and len(parts) == 3:
                rows.append({"row": int(parts[1]) if parts[1].isdigit() else 0, "column": parts[2],
                             "messages": [str(m) for m in messages]})
                continue
            name = "file" if path == "rows" and "file" in self.fields else path
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))
        return sorted(rows, key=lambda r: (r["row"], r["column"]))


class JurisdictionMixin(forms.Form):
    def __init__(self, *args: object, jurisdictions: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if "jurisdiction" in self.fields:
            self.fields["jurisdiction"].choices = [(code, code) for code in jurisdictions]


class CsvFileField(forms.FileField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(label=_("CSV file"), error_messages={"required": _("Choose a CSV file to upload."),
                                                              "empty": _("The file is empty.")}, **kwargs)

    def clean(self, data: object, initial: object = None) -> object:
        upload = super().clean(data, initial)
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)d KB.") % {"size": MAX_BYTES // 1024})
        return upload


class HsVersionForm(JurisdictionMixin, ServiceErrorsForm):
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"))
    label = forms.CharField(label=_("Label"), max_length=80, help_text=_("e.g. “2026 first half”."))
    source = forms.CharField(label=_("Source"), max_length=200, required=False,
                             help_text=_("The regulation, e.g. Kepmendag 1998/2023. Empty: the file's source column."))
    effective_from = _date(_("In force from"))
    effective_until = _date(_("In force until"), required=False, help_text=_("Inclusive; empty for open-ended."))
    file = CsvFileField(required=False, help_text=_("Columns: hs_code, description (optional), source (optional)."))
    codes = forms.CharField(label=_("Or paste the CSV"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                            max_length=MAX_BYTES, help_text=_("The same columns, the header first."))

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("file") and not (data.get("codes") or "").strip():
            self.add_error("file", _("Upload a CSV file or paste its rows."))
        return data

    def csv_data(self) -> bytes | str:
        upload = self.cleaned_data.get("file")
        return upload.read(MAX_BYTES + 1) if upload else self.cleaned_data["codes"]


class RateForm(ServiceErrorsForm):
    currency = forms.CharField(label=_("Currency"), max_length=3, help_text=_("Three capital letters, e.g. USD."))
    idr_per_unit = forms.DecimalField(label=_("Rupiah per unit"), max_digits=18, decimal_places=4,
                                      error_messages={"invalid": _("Enter a number.")})
    valid_from = _date(_("Valid from"))
    valid_until = _date(_("Valid until"), help_text=_("Inclusive: a KMK week runs Wednesday to Tuesday."))
    source = forms.CharField(label=_("KMK number"), max_length=200)


class CertificateForm(JurisdictionMixin, ServiceErrorsForm):
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"))
    category_slug = forms.SlugField(label=_("Category (slug)"), max_length=80)
    kind = forms.ChoiceField(label=_("Certificate"), choices=[(k, k.upper()) for k in CERTIFICATE_KINDS])
    effective_from = _date(_("In force from"))
    effective_until = _date(_("In force until"), required=False, help_text=_("Inclusive; empty for open-ended."))
    source = forms.CharField(label=_("Source"), max_length=200, required=False)


class CertificateEndForm(ServiceErrorsForm):
    effective_until = _date(_("Last day in force"))


class HolidayForm(JurisdictionMixin, ServiceErrorsForm):
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"))
    day = _date(_("Day"))
    change = forms.ChoiceField(label=_("Change"), widget=forms.RadioSelect, choices=[
        ("add", _("Add a holiday (e.g. cuti bersama, collective leave)")),
        ("remove", _("Remove a holiday from the calendar"))])
    name = forms.CharField(label=_("Name"), max_length=120)
    source = forms.CharField(label=_("Source"), max_length=200, required=False,
                             help_text=_("e.g. the joint ministerial decree (SKB) setting the collective leave."))


class UploadForm(JurisdictionMixin, ServiceErrorsForm):
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"))
    file = CsvFileField()

    def __init__(self, *args: object, with_jurisdiction: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not with_jurisdiction:
            del self.fields["jurisdiction"]
