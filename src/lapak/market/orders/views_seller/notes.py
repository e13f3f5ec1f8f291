"""The shop's note to the buyer on a seller order's timeline (owners and managers write; staff read)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.views_seller.common import seller_page
from lapak.market.orders.services import seller_order_note_add
from lapak.market.orders.transitions import SELLER
from lapak.market.orders.views.notes import NoteForm
from lapak.market.orders.views_seller.desk import _acting, _detail, _done


@require_POST
@seller_page
def order_note(request: HttpRequest, org: str, so: str) -> HttpResponse:
    shop, seller_order = _acting(request, org, so)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            seller_order_note_add(seller_order=seller_order, actor=request.user, actor_kind=SELLER,
                                  text=form.cleaned_data["text"])
        except ValidationFailed as exc:
            form.add_error("text", str((exc.fields or {}).get("text", [exc.message])[0]))
        else:
            return _done(request, shop, seller_order, _("Your note is on the timeline; the buyer is told."))
    return _detail(request, shop, seller_order, note_form=form, status=422)
