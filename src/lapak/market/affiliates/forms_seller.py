"""The seller centre's affiliate forms. The services check the terms; these forms carry text and show errors.

Rates are typed as a percentage ("12,5" or "12.5", at most two decimals) and handed on in basis points.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import LapakError

_PERCENT = {"inputmode": "decimal", "autocomplete": "off"}
RATE_HELP = _("1 to 50 %, up to two decimals, e.g. 7,5.")


def percent_to_bps(text: str) -> int | None:
    """Basis points from "12,5" / "12.5" without floats; None when the text is not such a number."""
    text = (text or "").strip().replace(",", ".").removesuffix("%").strip()
    whole, _dot, fraction = text.partition(".")
    if not whole.isdigit() or len(whole) > 3 or (fraction and not fraction.isdigit()) or len(fraction) > 2:
        return None
    return int(whole) * 100 + int((fraction or "0").ljust(2, "0"))


class _ServiceErrors(forms.Form):
    service_field_map = {"rate_bps": "rate", "product_id": "product"}

    def add_service_error(self, error: LapakError) -> None:
        for name, messages in (error.fields or {"__all__": [error.message]}).items():
            target = self.service_field_map.get(name, name)
            for message in messages:
                self.add_error(target if target in self.fields else None, str(message))

    def clean_rate(self) -> int:
        rate = percent_to_bps(self.cleaned_data.get("rate", ""))
        if rate is None:
            raise forms.ValidationError(_("Enter a percentage such as 10 or 7,5."))
        return rate


class OfferForm(_ServiceErrors):
    product = forms.ChoiceField(label=_("Product"))
    rate = forms.CharField(label=_("Commission (%)"), max_length=10, help_text=RATE_HELP,
                           widget=forms.TextInput(attrs=_PERCENT))

    def __init__(self, *args: object, products: list[tuple[str, str]] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", _("Choose a product")), *products]


class OfferRateForm(_ServiceErrors):
    """The inline change of one offer's rate."""

    rate = forms.CharField(label=_("Commission (%)"), max_length=10, widget=forms.TextInput(attrs=_PERCENT))


class InviteForm(OfferForm):
    creator = forms.CharField(label=_("Creator"), max_length=254,
                              help_text=_("The creator's account id (usr_…) or e-mail address."))
    message = forms.CharField(label=_("Message (optional)"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["creator", "product", "rate", "message"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rate"].help_text = _("More than the product's open rate; 1 to 50 %.")
