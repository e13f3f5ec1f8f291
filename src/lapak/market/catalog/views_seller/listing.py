"""Listing actions from the editor: submit, back to draft, pause, resume, remove (`listing_transition`).

The service decides; what it refuses (an incomplete listing, an unverified shop, a step the state no longer
allows) is shown in the editor's listing section. A compliance refusal is not an error here: the listing lands
in "refused" and the editor shows the decision's reasons.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.catalog.models import ListingStatus
from lapak.market.catalog.services import listing_transition
from lapak.market.catalog.views_seller.common import seller_page, shop_for
from lapak.market.catalog.views_seller.editor import editor_page, product_of
from lapak.market.sellers.errors import SellerNotVerified

OUTCOMES = {
    ListingStatus.ACTIVE: _("The listing is live: buyers can find it now."),
    ListingStatus.SUBMITTED: _("The listing is waiting for an operator's review."),
    ListingStatus.REFUSED: _("The listing was refused: read the reasons below, correct it and submit it again."),
    ListingStatus.PAUSED: _("The listing is paused: buyers cannot see it until you resume it."),
    ListingStatus.DRAFT: _("The listing is a draft again."),
    ListingStatus.REMOVED: _("The listing is removed."),
}


@require_POST
@seller_page
def listing_action(request: HttpRequest, org: str, prd: str) -> HttpResponse:
    shop = shop_for(request, org)
    product = product_of(request, shop, prd)
    target = request.POST.get("to", "")[:20]
    try:
        moved = listing_transition(product=product, actor=request.user, to=target)
    except ValidationFailed as exc:  # what is missing before submitting, or an unknown step
        problems = [str(m) for messages_ in exc.fields.values() for m in messages_] or [str(exc.message)]
        return editor_page(request, shop, product, status=422, listing_errors=problems)
    except (Conflict, SellerNotVerified) as exc:  # the state moved on meanwhile; or the shop cannot sell yet
        product.refresh_from_db()
        status = 403 if isinstance(exc, SellerNotVerified) else 409
        return editor_page(request, shop, product, status=status, listing_errors=[str(exc.message)])
    level = messages.WARNING if moved.status == ListingStatus.REFUSED else messages.SUCCESS
    messages.add_message(request, level, str(OUTCOMES.get(moved.status, "")))
    return redirect("catalog_seller:product", shop.organisation.public_id, product.public_id)
