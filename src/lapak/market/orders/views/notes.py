"""The buyer's note to a shop about its part of the order (the shop writes back from its order desk)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lapak.core.errors import ValidationFailed
from lapak.market.orders.services import seller_order_note_add
from lapak.market.orders.services.notes import MAX_NOTE
from lapak.market.orders.transitions import BUYER
from lapak.market.orders.views.buyer import _order, order_page


class NoteForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Note"), max_length=MAX_NOTE, strip=True, widget=forms.Textarea(
        attrs={"rows": 2}), error_messages={"required": gettext_lazy("Write the note.")})


@login_required
@require_POST
def seller_order_note(request: HttpRequest, public_id: str, seller_order_id: str) -> HttpResponse:
    order = _order(request, public_id)
    so = next((s for s in order.seller_orders.all() if s.public_id == seller_order_id), None)
    if so is None:
        raise Http404(_("There is no such order."))
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            seller_order_note_add(seller_order=so, actor=request.user, actor_kind=BUYER,
                                  text=form.cleaned_data["text"])
        except ValidationFailed as exc:
            form.add_error("text", str((exc.fields or {}).get("text", [exc.message])[0]))
        else:
            messages.success(request, _("Your note is on the timeline; the shop is told."))
            return redirect("orders:detail", order.public_id)
    return order_page(request, order, status=422, note_forms={so.public_id: form})
