"""Forms of the order desk: cancelling with a reason, and shipping (book the courier or type the number)."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError
from lapak.core.money import Money
from lapak.market.shipping.quotes import Quote


class ServiceErrorsMixin:
    def add_service_error(self, error: LapakError) -> None:
        """Show a service's error next to the field it names, or above the form."""
        for name, messages in (error.fields or {"__all__": [error.message]}).items():
            for message in messages:
                self.add_error(name if name in self.fields else None, str(message))


class CancelForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300, strip=True,
                             help_text=_("The buyer sees this reason."),
                             error_messages={"required": _("Say why the order is cancelled.")})


class ShipForm(ServiceErrorsMixin, forms.Form):
    service = forms.ChoiceField(label=_("Courier and service"))
    tracking_number = forms.CharField(
        label=_("Tracking number (optional)"), max_length=64, required=False, strip=True,
        help_text=_("Leave empty to book the courier from Lapak. If you already handed the parcel over, enter the "
                    "number on the courier's receipt."))

    def __init__(self, *args: object, quotes: Sequence[Quote] = (), chosen: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        language = translation.get_language() or "id"
        choices = [(f"{q.courier}:{q.service}",
                    f"{q.courier_name} {q.service_name} · {Money(q.price, 'IDR').format(language)}") for q in quotes]
        if chosen and chosen not in {value for value, _label in choices}:
            choices.insert(0, (chosen, chosen.replace(":", " ")))
        self.fields["service"].choices = choices
        self.fields["service"].initial = chosen

    def courier_and_service(self) -> tuple[str, str]:
        courier, _sep, service = self.cleaned_data["service"].partition(":")
        return courier, service
