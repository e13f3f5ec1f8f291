"""The reports page's forms: choose a quarter or a month (checked like the API checks them), and, for operators,
enter the company's headcount for a quarter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.oversight.reports.periods import Period, month_parse, quarter_parse


class _PeriodForm(forms.Form):
    parse: Any = None
    field_name = ""

    def __init__(self, *args: Any, jurisdiction: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jurisdiction = jurisdiction
        self.period: Period | None = None

    def _clean_period(self) -> str:
        raw = self.cleaned_data.get(self.field_name, "")
        try:
            self.period = type(self).parse(raw, jurisdiction=self.jurisdiction)
        except ValidationFailed as failed:
            raise forms.ValidationError([str(message) for messages in failed.fields.values()
                                         for message in messages]) from None
        return self.period.label


class QuarterForm(_PeriodForm):
    parse = staticmethod(quarter_parse)
    field_name = "quarter"
    quarter = forms.CharField(label=_("Quarter"), max_length=20, help_text=_("For example 2026-Q3."),
                              widget=forms.TextInput(attrs={"placeholder": "2026-Q3", "inputmode": "text"}))
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV"), ("json", "JSON")], initial="csv")

    def clean_quarter(self) -> str:
        return self._clean_period()


class MonthForm(_PeriodForm):
    parse = staticmethod(month_parse)
    field_name = "month"
    month = forms.CharField(label=_("Month"), max_length=20, help_text=_("For example 2026-10."),
                            widget=forms.TextInput(attrs={"placeholder": "2026-10"}))
    lang = forms.ChoiceField(label=_("Language"), choices=[("id", "Bahasa Indonesia"), ("en", "English")],
                             initial="id")

    def clean_month(self) -> str:
        return self._clean_period()


class WorkforceForm(_PeriodForm):
    parse = staticmethod(quarter_parse)
    field_name = "quarter"
    quarter = forms.CharField(label=_("Quarter"), max_length=20, help_text=_("For example 2026-Q3."))
    employees = forms.IntegerField(label=_("Employees"), min_value=0, max_value=10_000_000,
                                   help_text=_("The company's headcount in the quarter."))

    def clean_quarter(self) -> str:
        return self._clean_period()
