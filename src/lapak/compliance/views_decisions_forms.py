"""Forms of the decision console: the list's filters, an override, an answer to an appeal."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.compliance.decision_services import TEXT_MAX_CHARS
from lapak.compliance.models import AppealStatus, Outcome
from lapak.compliance.selectors import DecisionFilters
from lapak.compliance.services import REGULATED_EVENTS
from lapak.core.errors import LapakError


class ServiceErrorsMixin:
    def add_service_error(self, error: LapakError) -> None:
        """A service's error next to the field it names, or above the form."""
        for name, messages in (error.fields or {"__all__": [error.message]}).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))


class DecisionFilterForm(forms.Form):
    """?jurisdiction=&event=&outcome=&rule_id=&party=&since=&until= of the list; an invalid value is reported
    beside its field and ignored."""

    jurisdiction = forms.RegexField(label=_("Jurisdiction"), regex=r"^[A-Za-z]{2}$", required=False,
                                    max_length=2, error_messages={"invalid": _("Two letters, e.g. ID.")})
    event = forms.ChoiceField(label=_("Event"), required=False,
                              choices=[("", _("Any"))] + [(e, e) for e in sorted(REGULATED_EVENTS)])
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", _("Any")), *Outcome.choices])
    rule_id = forms.CharField(label=_("Rule"), required=False, max_length=40)
    party = forms.CharField(label=_("Seller (public id)"), required=False, max_length=64)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    appeal = forms.ChoiceField(label=_("Appeal"), required=False, choices=[("", _("Any")), *AppealStatus.choices])

    def filters(self) -> DecisionFilters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        if "jurisdiction" in data:
            data["jurisdiction"] = data["jurisdiction"].upper()
        return DecisionFilters(**data)


class OverrideForm(ServiceErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("New outcome"), choices=Outcome.choices)
    reason = forms.CharField(label=_("Why (the seller and the regulator read this)"), max_length=TEXT_MAX_CHARS,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Write why the decision is overridden.")})


class AnswerForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect, choices=[
        (AppealStatus.UPHELD, _("Uphold the decision")),
        (AppealStatus.OVERTURNED, _("Overturn it (the decision is overridden to allow)"))])
    answer = forms.CharField(label=_("Answer to the seller"), max_length=TEXT_MAX_CHARS,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Write the answer the seller reads.")})
