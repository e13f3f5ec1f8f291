"""Forms of the shop's return desk: accepting (with the goods back or not) and refusing with a reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.market.orders.views_seller.forms import ServiceErrorsMixin

GOODS_BACK = "back"
KEEP = "keep"


class AcceptReturnForm(ServiceErrorsMixin, forms.Form):
    goods = forms.ChoiceField(
        label=_("The goods"), widget=forms.RadioSelect, initial=GOODS_BACK,
        choices=[(GOODS_BACK, _("The buyer sends them back; the refund follows when they arrive")),
                 (KEEP, _("Refund now; the buyer keeps them"))],
        error_messages={"required": _("Choose what happens to the goods."),
                        "invalid_choice": _("Choose what happens to the goods.")})

    def goods_back(self) -> bool:
        return self.cleaned_data["goods"] == GOODS_BACK


class RefuseReturnForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(label=_("Why do you refuse?"), max_length=300, strip=True,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The buyer sees this reason and may ask Lapak to decide."),
                             error_messages={"required": _("Say why you refuse the return.")})
