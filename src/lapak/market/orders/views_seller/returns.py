"""The shop's return desk: the returns by status with counts, one return with its lines, reason, photos,
refund and answer-by time, and the seller's steps (accept with or without the goods back, refuse with a reason,
confirm the parcel arrived). Owners and managers act; staff look; outside the shop every page is 404 — the
order desk's own checks (`shop_for`, `require_editor_of`, the `seller_page` frame)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.catalog.views_seller.common import Shop, require_editor_of, seller_page, shop_for
from lapak.market.orders.models import ReturnRequest
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.returns import selectors, selectors_access
from lapak.market.orders.returns.services import return_answer
from lapak.market.orders.returns.shipping import return_confirm_received
from lapak.market.orders.views.return_context import return_view
from lapak.market.orders.views_seller.return_forms import AcceptReturnForm, RefuseReturnForm

TAB_ORDER = (R.REQUESTED, R.ACCEPTED, R.SHIPPED_BACK, R.REFUSED, R.DISPUTED, R.REFUND_REQUESTED, R.REJECTED,
             R.WITHDRAWN)
PAGE_SIZE = 50


@require_GET
@seller_page
def return_list(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    status = request.GET.get("status", "")
    status = status if status in R.values else R.REQUESTED
    counts = selectors.return_counts(rows=selectors_access.returns_of_seller(seller=shop.organisation))
    tabs = [{"key": s, "label": R(s).label, "count": counts.get(s, 0), "current": s == status} for s in TAB_ORDER]
    rows = selectors_access.returns_of_seller(seller=shop.organisation, status=status)
    rows = rows.order_by("due_at", "requested_at", "pk") if status in (R.REQUESTED, R.ACCEPTED) else rows
    return render(request, "orders_seller/returns.html", shop.context(
        "orders", tabs=tabs, status=status, returns=list(rows[:PAGE_SIZE])))


def _detail(request: HttpRequest, shop: Shop, ret: ReturnRequest, *, accept_form: AcceptReturnForm | None = None,
            refuse_form: RefuseReturnForm | None = None, status: int = 200) -> HttpResponse:
    can_act = shop.can_edit
    context = shop.context(
        "orders", r=return_view(ret, actor_kind="seller"), ret=ret, so=ret.seller_order,
        can_answer=can_act and ret.status == R.REQUESTED,
        can_confirm=can_act and ret.status == R.SHIPPED_BACK,
        accept_form=accept_form or AcceptReturnForm(), refuse_form=refuse_form or RefuseReturnForm())
    return render(request, "orders_seller/return_detail.html", context, status=status)


def _return(shop: Shop, ret: str) -> ReturnRequest:
    return selectors_access.return_of_seller(seller=shop.organisation, public_id=ret)


@require_GET
@seller_page
def return_detail(request: HttpRequest, org: str, ret: str) -> HttpResponse:
    shop = shop_for(request, org)
    return _detail(request, shop, _return(shop, ret))


def _acting(request: HttpRequest, org: str, ret: str) -> tuple[Shop, ReturnRequest]:
    shop = shop_for(request, org)
    return_request = _return(shop, ret)
    require_editor_of(request, shop)
    return shop, return_request


def _done(request: HttpRequest, shop: Shop, ret: ReturnRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("orders_seller:return_detail", shop.organisation.public_id, ret.public_id)


def _refused(request: HttpRequest, shop: Shop, ret: ReturnRequest, error: Conflict) -> HttpResponse:
    messages.error(request, str(error.message))
    return _detail(request, shop, _return(shop, ret.public_id), status=409)


@require_POST
@seller_page
def return_accept(request: HttpRequest, org: str, ret: str) -> HttpResponse:
    shop, return_request = _acting(request, org, ret)
    form = AcceptReturnForm(request.POST)
    if form.is_valid():
        try:
            done = return_answer(return_request=return_request, seller_actor=request.user, accept=True,
                                 goods_back=form.goods_back())
        except Conflict as exc:
            return _refused(request, shop, return_request, exc)
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            message = (_("The return is accepted. The buyer sends the goods back; confirm when they arrive.")
                       if done.goods_back else _("The return is accepted and the refund requested."))
            return _done(request, shop, return_request, message)
    return _detail(request, shop, return_request, accept_form=form, status=422)


@require_POST
@seller_page
def return_refuse(request: HttpRequest, org: str, ret: str) -> HttpResponse:
    shop, return_request = _acting(request, org, ret)
    form = RefuseReturnForm(request.POST)
    if form.is_valid():
        try:
            return_answer(return_request=return_request, seller_actor=request.user, accept=False,
                          reason=form.cleaned_data["reason"])
        except Conflict as exc:
            return _refused(request, shop, return_request, exc)
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            return _done(request, shop, return_request,
                         _("The return is refused. The buyer sees your reason and may ask Lapak to decide."))
    return _detail(request, shop, return_request, refuse_form=form, status=422)


@require_POST
@seller_page
def return_received(request: HttpRequest, org: str, ret: str) -> HttpResponse:
    shop, return_request = _acting(request, org, ret)
    try:
        return_confirm_received(return_request=return_request, seller_actor=request.user)
    except Conflict as exc:
        return _refused(request, shop, return_request, exc)
    return _done(request, shop, return_request, _("Thank you: the parcel arrived and the refund is requested."))

