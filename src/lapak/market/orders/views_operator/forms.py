"""The operators' decision on a disputed return: accept (goods back or not) or reject, always with a note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.returns.table import MAX_TEXT
from lapak.market.orders.views_seller.forms import ServiceErrorsMixin

ACCEPT_BACK, ACCEPT_KEEP, REJECT = "accept_back", "accept_keep", "reject"
FILTERS = [("disputed", R.DISPUTED.label), ("requested", R.REQUESTED.label), ("refused", R.REFUSED.label),
           ("accepted", R.ACCEPTED.label), ("shipped_back", R.SHIPPED_BACK.label),
           ("refund_requested", R.REFUND_REQUESTED.label), ("rejected", R.REJECTED.label),
           ("withdrawn", R.WITHDRAWN.label)]


class DecideForm(ServiceErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[(ACCEPT_BACK, _("Accept: the buyer sends the goods back, then is refunded")),
                 (ACCEPT_KEEP, _("Accept: refund now, the buyer keeps the goods")),
                 (REJECT, _("Reject: no refund"))],
        error_messages={"required": _("Choose a decision."), "invalid_choice": _("Choose a decision.")})
    note = forms.CharField(label=_("Why (the buyer and the seller read this)"), max_length=MAX_TEXT, strip=True,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Say why you decide so.")})

    def accept(self) -> bool:
        return self.cleaned_data["outcome"] != REJECT

    def goods_back(self) -> bool:
        return self.cleaned_data["outcome"] == ACCEPT_BACK


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FILTERS, required=False)

    def status_or_default(self) -> str:
        if self.is_valid() and self.cleaned_data.get("status"):
            return self.cleaned_data["status"]
        return R.DISPUTED
