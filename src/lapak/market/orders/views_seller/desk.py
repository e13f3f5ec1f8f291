"""The order desk: the shop's seller orders by what they need next, one order with its lines and the buyer's
address, and the seller's steps (accept, cancel with a reason, ship). Owners and managers act; staff look;
outside the shop every page is 404 (the sellers' `seller_page` frame)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.catalog.views_seller.common import Shop, require_editor_of, seller_page, shop_for
from lapak.market.orders import selectors
from lapak.market.orders.models import EventKind, OrderEvent, ReturnRequest, ReturnStatus, SellerOrder
from lapak.market.orders.models import SellerOrderStatus as S
from lapak.market.orders.services import seller_order_ship, seller_order_transition
from lapak.market.orders.services.shipping import seller_order_parcel
from lapak.market.orders.transitions import SELLER
from lapak.market.orders.views.return_words import is_return_event, return_event_words
from lapak.market.orders.views_seller.forms import CancelForm, ShipForm
from lapak.market.shipping.models import ShipmentStatus
from lapak.market.shipping.quotes import shipping_quote

SHIPMENT_LABELS = dict(ShipmentStatus.choices)
ORDER_LABELS = dict(S.choices)

# The desk's tabs: what the shop has to do next.
TABS = {
    "to_accept": (gettext_lazy("To accept"), (S.PAID,)),
    "to_ship": (gettext_lazy("To ship"), (S.ACCEPTED,)),
    "shipped": (gettext_lazy("Shipped"), (S.SHIPPED, S.DELIVERED)),
    "done": (gettext_lazy("Done or cancelled"), (S.COMPLETED, S.CANCELLED)),
}
PAGE_SIZE = 50


@require_GET
@seller_page
def order_list(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    tab = request.GET.get("tab", "")
    tab = tab if tab in TABS else "to_accept"
    counts = selectors.seller_order_counts(seller=shop.organisation)
    tabs = [{"key": key, "label": label, "count": sum(counts.get(s, 0) for s in statuses), "current": key == tab}
            for key, (label, statuses) in TABS.items()]
    rows = selectors.seller_orders_in(seller=shop.organisation, statuses=TABS[tab][1])[:PAGE_SIZE]
    returns_waiting = ReturnRequest.objects.filter(seller_order__seller=shop.organisation,
                                                   status=ReturnStatus.REQUESTED).count()
    return render(request, "orders_seller/list.html", shop.context("orders", tabs=tabs, tab=tab,
                                                                  seller_orders=list(rows),
                                                                  returns_waiting=returns_waiting))


def _ship_form(so: SellerOrder, data: object = None) -> ShipForm:
    try:
        quotes = shipping_quote(origin_region=so.origin_village_code, destination_region=so.order.village_code,
                                parcels=[seller_order_parcel(so)])
    except ValidationFailed:  # a route no longer served: the seller can still type a tracking number
        quotes = []
    return ShipForm(data, quotes=quotes, chosen=f"{so.courier_code}:{so.service_code}")


def _entry(event: OrderEvent) -> dict:
    """A timeline line in words: status names in the page's language, not codes."""
    if is_return_event(event):
        label, detail = return_event_words(event)
        return {"at": event.at, "kind": "return", "label": label, "reason": detail, "tracking_number": "",
                "return_id": event.data.get("return", "")}
    if event.kind == EventKind.NOTE:
        label = _("Note from the buyer") if event.data.get("actor_kind") == "buyer" else _("Your note")
        return {"at": event.at, "kind": event.kind, "label": label, "reason": str(event.data.get("text", "")),
                "tracking_number": ""}
    if event.kind == EventKind.SHIPPING:
        label = _("Courier: %(status)s") % {"status": SHIPMENT_LABELS.get(event.data.get("status"), "?")}
    elif event.kind == EventKind.STATUS_CHANGE:
        label = str(ORDER_LABELS.get(event.to_status, event.to_status))
    else:
        label = event.get_kind_display()
    return {"at": event.at, "kind": event.kind, "label": label, "reason": event.data.get("reason", ""),
            "tracking_number": event.data.get("tracking_number") or ""}


def _detail(request: HttpRequest, shop: Shop, so: SellerOrder, *, cancel_form: CancelForm | None = None,
            ship_form: ShipForm | None = None, note_form: object = None, status: int = 200) -> HttpResponse:
    can_act = shop.can_edit
    context = shop.context(
        "orders", so=so, order=so.order, lines=list(so.lines.all()),
        timeline=[_entry(event) for event in selectors.seller_order_timeline(seller_order=so)],
        shipment=selectors.shipment_of(seller_order=so),
        returns=list(ReturnRequest.objects.filter(seller_order=so).order_by("-requested_at", "-pk")),
        can_accept=can_act and so.status == S.PAID,
        can_cancel=can_act and so.status in (S.PAID, S.ACCEPTED),
        can_ship=can_act and so.status == S.ACCEPTED,
        can_print=so.status in (S.ACCEPTED, S.SHIPPED, S.DELIVERED, S.COMPLETED),
        cancel_form=cancel_form or CancelForm(), note_form=note_form,
        can_note=can_act and so.status != S.AWAITING_PAYMENT,
        ship_form=ship_form or (_ship_form(so) if can_act and so.status == S.ACCEPTED else None))
    return render(request, "orders_seller/detail.html", context, status=status)


@require_GET
@seller_page
def order_detail(request: HttpRequest, org: str, so: str) -> HttpResponse:
    shop = shop_for(request, org)
    return _detail(request, shop, selectors.seller_order_of(seller=shop.organisation, public_id=so))


def _acting(request: HttpRequest, org: str, so: str) -> tuple[Shop, SellerOrder]:
    shop = shop_for(request, org)
    seller_order = selectors.seller_order_of(seller=shop.organisation, public_id=so)
    require_editor_of(request, shop)
    return shop, seller_order


def _done(request: HttpRequest, shop: Shop, so: SellerOrder, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("orders_seller:detail", shop.organisation.public_id, so.public_id)


def _refused(request: HttpRequest, shop: Shop, so: SellerOrder, error: Conflict) -> HttpResponse:
    messages.error(request, str(error.message))
    fresh = selectors.seller_order_of(seller=shop.organisation, public_id=so.public_id)
    return _detail(request, shop, fresh, status=409)


@require_POST
@seller_page
def order_accept(request: HttpRequest, org: str, so: str) -> HttpResponse:
    shop, seller_order = _acting(request, org, so)
    try:
        seller_order_transition(seller_order=seller_order, to=S.ACCEPTED, actor_kind=SELLER, actor=request.user)
    except Conflict as exc:
        return _refused(request, shop, seller_order, exc)
    return _done(request, shop, seller_order, _("The order is accepted. Pack it and ship it."))


@require_POST
@seller_page
def order_cancel(request: HttpRequest, org: str, so: str) -> HttpResponse:
    shop, seller_order = _acting(request, org, so)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            seller_order_transition(seller_order=seller_order, to=S.CANCELLED, actor_kind=SELLER,
                                    actor=request.user, reason=form.cleaned_data["reason"])
        except Conflict as exc:
            return _refused(request, shop, seller_order, exc)
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            return _done(request, shop, seller_order, _("The order is cancelled; the buyer is told why."))
    return _detail(request, shop, seller_order, cancel_form=form, status=422)


@require_POST
@seller_page
def order_ship(request: HttpRequest, org: str, so: str) -> HttpResponse:
    shop, seller_order = _acting(request, org, so)
    if seller_order.status != S.ACCEPTED:
        return _refused(request, shop, seller_order, Conflict(_("Only an accepted order can be shipped.")))
    form = _ship_form(seller_order, request.POST)
    if form.is_valid():
        courier, service = form.courier_and_service()
        try:
            seller_order_ship(seller_order=seller_order, actor=request.user, courier_code=courier,
                              service_code=service, tracking_number=form.cleaned_data["tracking_number"])
        except Conflict as exc:
            return _refused(request, shop, seller_order, exc)
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            return _done(request, shop, seller_order, _("The order is shipped. The buyer can follow the parcel."))
    return _detail(request, shop, seller_order, ship_form=form, status=422)
