"""The forms of the operators' money pages: they parse what the operator typed; the services decide the rules and
their errors are shown next to the field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError
from lapak.market.payments.models_release import ExemptionBasis

EXEMPT, WITHDRAW = "exempt", "withdraw"


class ServiceErrorsMixin:
    def add_service_error(self, error: LapakError) -> None:
        """A service's error next to the field it names, or above the form."""
        for name, messages in (error.fields or {"__all__": [error.message]}).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))


class StateFilterForm(forms.Form):
    """?state=… of a list page; anything unknown falls back to the first choice."""

    state = forms.CharField(required=False, max_length=20)

    def __init__(self, data: object, *, choices: list[str]) -> None:
        super().__init__(data)
        self.choices = choices

    def state_or_default(self) -> str:
        value = self.cleaned_data.get("state") if self.is_valid() else ""
        return value if value in self.choices else self.choices[0]


class MarkPaidForm(ServiceErrorsMixin, forms.Form):
    transfer_ref = forms.CharField(
        label=_("Transfer reference"), max_length=100, strip=True,
        help_text=_("The reference on the bank's transfer receipt."),
        error_messages={"required": _("Give the transfer reference from the bank's receipt."),
                        "max_length": _("At most 100 characters.")})


class TaxStatusForm(ServiceErrorsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Standing"), widget=forms.RadioSelect,
        choices=[(EXEMPT, _("Exempt from PPh 22")), (WITHDRAW, _("Not exempt: withhold PPh 22"))],
        error_messages={"required": _("Choose exempt or not exempt."),
                        "invalid_choice": _("Choose exempt or not exempt.")})
    basis = forms.ChoiceField(label=_("Basis"), required=False, widget=forms.RadioSelect,
                              choices=ExemptionBasis.choices,
                              error_messages={"invalid_choice": _("Choose a statement or a certificate.")})
    certificate_number = forms.CharField(label=_("Statement or certificate number"), required=False, max_length=100,
                                         strip=True, error_messages={"max_length": _("At most 100 characters.")})
    document_date = forms.DateField(label=_("Statement or certificate date"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}),
                                    error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})
    declared_turnover = forms.IntegerField(
        label=_("Declared turnover for the year (Rp)"), required=False, min_value=0, max_value=10**15,
        help_text=_("Statement only: at most Rp500,000,000."),
        error_messages={"invalid": _("Enter a whole number of rupiah."),
                        "min_value": _("The turnover cannot be negative."),
                        "max_value": _("Enter a whole number of rupiah.")})
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("Empty: from the document's date (or today)."),
                                 error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("A statement: empty means 31 December of its tax year. A certificate: its end date (required)."),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")})

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        if data["decision"] == WITHDRAW:
            return {"pph22_exempt": False}
        return {"pph22_exempt": True, **{name: data.get(name) for name in (
            "basis", "certificate_number", "document_date", "declared_turnover", "valid_from", "valid_until")}}
