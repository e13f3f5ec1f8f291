"""Forms of the buyer's return pages: asking for a return (a quantity per line, a reason, a description and up
to five photos), asking Lapak to decide, and sending the parcel back."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.market.orders.models import OrderLine, ReturnReason
from lapak.market.orders.returns.table import MAX_PHOTOS, MAX_TEXT
from lapak.market.orders.views_seller.forms import ServiceErrorsMixin


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Up to MAX_PHOTOS files under one name; their content is checked by the service (image_sanitise)."""

    widget = MultiplePhotoInput

    def clean(self, data: object, initial: object = None) -> list:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("Add at most %(n)s photos.") % {"n": MAX_PHOTOS})
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


def quantity_field_name(line: OrderLine) -> str:
    return f"qty_{line.variant.public_id}"


class ReturnForm(ServiceErrorsMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Why are you returning it?"),
                               choices=[("", _("Choose a reason")), *ReturnReason.choices],
                               error_messages={"required": _("Choose a reason."),
                                               "invalid_choice": _("Choose a reason.")})
    description = forms.CharField(
        label=_("What is wrong?"), required=False, max_length=MAX_TEXT, strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when the item is not as described. The seller and, if needed, Lapak read it."))
    photos = MultiplePhotoField(
        label=_("Photos (up to 5)"), required=False,
        widget=MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True}),
        help_text=_("JPEG, PNG or WebP. Photos of the problem help the seller decide quickly."))

    def __init__(self, *args: object, lines: Sequence[tuple[OrderLine, int]] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.line_fields: list[tuple[OrderLine, int, str]] = []
        for line, left in lines:
            if left <= 0:
                continue
            name = quantity_field_name(line)
            label = f"{line.title} ({line.variant_label})" if line.variant_label else line.title
            self.fields[name] = forms.IntegerField(
                label=label, min_value=0, max_value=left, initial=0, required=False,
                help_text=_("Bought %(bought)s; you may return up to %(left)s.") % {"bought": line.quantity,
                                                                                    "left": left},
                error_messages={"invalid": _("Enter a whole number."),
                                "min_value": _("Choose from 0 to %(n)s.") % {"n": left},
                                "max_value": _("Choose from 0 to %(n)s.") % {"n": left}})
            self.line_fields.append((line, left, name))

    def quantity_fields(self) -> list:
        return [self[name] for _line, _left, name in self.line_fields]

    def quantities(self) -> dict[str, int]:
        """Variant id -> units, as return_request_open wants them."""
        return {line.variant.public_id: self.cleaned_data.get(name) or 0 for line, _left, name in self.line_fields}

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.line_fields and not self.errors and not any(cleaned.get(n) for _l, _left, n in self.line_fields):
            raise forms.ValidationError(_("Choose at least one item to return."))
        return cleaned

    def add_service_error(self, error: object) -> None:
        """Service field names ("lines.<variant>") are the quantity fields here."""
        names = {f"lines.{line.variant.public_id}": name for line, _left, name in self.line_fields}
        fields = getattr(error, "fields", None) or {}
        for name, messages in (fields or {"__all__": [error.message]}).items():
            target = names.get(name, name)
            for message in messages:
                self.add_error(target if target in self.fields else None, str(message))


class DisputeForm(ServiceErrorsMixin, forms.Form):
    note = forms.CharField(label=_("What should Lapak know?"), required=False, max_length=MAX_TEXT, strip=True,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Lapak reads your request, the seller's reason and the photos, then decides."))


class ShipBackForm(ServiceErrorsMixin, forms.Form):
    tracking_number = forms.CharField(
        label=_("Tracking number (optional)"), max_length=64, required=False, strip=True,
        help_text=_("Leave empty to book the courier from Lapak. If you already handed the parcel over, enter the "
                    "number on the courier's receipt."))
