"""The buyer's return pages: the form asking to return units of a delivered seller order (with photos), and the
buyer's steps on a return from the order page (withdraw, ask Lapak to decide, send the parcel back).

Another buyer's order or return is a 404, exactly like a missing one; a closed return window, or a return that
moved on meanwhile, is said in words (409), never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lapak.core.errors import Conflict, LapakError, ValidationFailed
from lapak.market.orders.errors import OrderNotFound, ReturnNotFound, ReturnWindowClosed
from lapak.market.orders.models import Order, OrderLine, ReturnRequest, SellerOrder
from lapak.market.orders.returns import selectors
from lapak.market.orders.returns.services import return_dispute, return_request_open, return_withdraw
from lapak.market.orders.returns.shipping import return_ship_back
from lapak.market.orders.returns.table import MAX_PHOTOS
from lapak.market.orders.selectors import order_of_buyer
from lapak.market.orders.views.buyer import order_page
from lapak.market.orders.views.return_context import return_window_open
from lapak.market.orders.views.return_forms import DisputeForm, ReturnForm, ShipBackForm
from lapak.market.sellers.views.common import upload_limit


def _order(request: HttpRequest, public_id: str) -> Order:
    try:
        return order_of_buyer(buyer=request.user, public_id=public_id)
    except OrderNotFound as exc:
        raise Http404(str(exc.message)) from exc


def _seller_order(order: Order, seller_order_id: str) -> SellerOrder:
    so = next((s for s in order.seller_orders.all() if s.public_id == seller_order_id), None)
    if so is None:
        raise Http404()
    return so


def _lines(so: SellerOrder) -> list[tuple[OrderLine, int]]:
    left = selectors.returnable_left(seller_order=so)
    return [(line, left.get(line.pk, 0)) for line in so.lines.all()]


def _form_page(request: HttpRequest, order: Order, so: SellerOrder, form: ReturnForm | None, *,
               closed: str = "", status: int = 200) -> HttpResponse:
    context = {"order": order, "so": so, "form": form, "closed": closed, "max_photos": MAX_PHOTOS}
    return render(request, "orders/return_form.html", context, status=status)


@login_required
@never_cache
@upload_limit(files=MAX_PHOTOS)
@require_http_methods(["GET", "HEAD", "POST"])
def return_new(request: HttpRequest, public_id: str, seller_order_id: str) -> HttpResponse:
    """Ask to return units of one shop's delivered parcel, inside its return window (ID-CON-1)."""
    order = _order(request, public_id)
    so = _seller_order(order, seller_order_id)
    if not return_window_open(so):
        return _form_page(request, order, so, None, closed=str(ReturnWindowClosed.default_message),
                          status=200 if request.method != "POST" else 409)
    lines = _lines(so)
    if request.method != "POST":
        return _form_page(request, order, so, ReturnForm(lines=lines))
    form = ReturnForm(request.POST, request.FILES, lines=lines)
    if form.is_valid():
        try:
            photos = [upload.read() for upload in form.cleaned_data["photos"]]
            ret = return_request_open(seller_order=so, buyer=request.user, quantities=form.quantities(),
                                      reason=form.cleaned_data["reason"],
                                      description=form.cleaned_data["description"], photos=photos)
        except ReturnWindowClosed as exc:
            return _form_page(request, order, so, None, closed=str(exc.message), status=409)
        except (ValidationFailed, Conflict) as exc:
            form.add_service_error(exc)
            return _form_page(request, order, so, form, status=exc.status)
        messages.success(request, _("Your return request %(id)s is sent to %(shop)s. They answer within two days.")
                         % {"id": ret.public_id, "shop": so.seller.shop_name})
        return redirect(f"{order_url(order)}#return-{ret.public_id}")
    return _form_page(request, order, so, form, status=422)


def order_url(order: Order) -> str:
    return reverse("orders:detail", args=[order.public_id])


def _return(request: HttpRequest, public_id: str, return_id: str) -> tuple[Order, ReturnRequest]:
    order = _order(request, public_id)
    try:
        ret = selectors.return_of_buyer(buyer=request.user, public_id=return_id)
    except ReturnNotFound as exc:
        raise Http404(str(exc.message)) from exc
    if ret.seller_order.order_id != order.pk:
        raise Http404()
    return order, ret


def _failed(request: HttpRequest, order: Order, error: LapakError, forms: dict | None = None) -> HttpResponse:
    fresh = _order(request, order.public_id)
    return order_page(request, fresh, error="" if forms else str(error.message), status=error.status,
                      forms=forms)


@login_required
@require_POST
def return_withdraw_view(request: HttpRequest, public_id: str, return_id: str) -> HttpResponse:
    order, ret = _return(request, public_id, return_id)
    try:
        return_withdraw(return_request=ret, buyer=request.user)
    except LapakError as exc:
        return _failed(request, order, exc)
    messages.success(request, _("The return is withdrawn."))
    return redirect(f"{order_url(order)}#return-{ret.public_id}")


@login_required
@require_POST
def return_dispute_view(request: HttpRequest, public_id: str, return_id: str) -> HttpResponse:
    order, ret = _return(request, public_id, return_id)
    form = DisputeForm(request.POST, prefix=ret.public_id)
    if form.is_valid():
        try:
            return_dispute(return_request=ret, buyer=request.user, note=form.cleaned_data["note"])
        except ValidationFailed as exc:
            form.add_service_error(exc)
        except LapakError as exc:
            return _failed(request, order, exc)
        else:
            messages.success(request, _("Lapak will look at your return and decide. You will see the decision "
                                        "here."))
            return redirect(f"{order_url(order)}#return-{ret.public_id}")
    return _failed(request, order, ValidationFailed(), forms={ret.public_id: {"dispute": form}})


@login_required
@require_POST
def return_ship_back_view(request: HttpRequest, public_id: str, return_id: str) -> HttpResponse:
    """Book the courier for the way back, or record the number on the receipt when Lapak cannot book it."""
    order, ret = _return(request, public_id, return_id)
    form = ShipBackForm(request.POST, prefix=ret.public_id)
    if form.is_valid():
        try:
            return_ship_back(return_request=ret, buyer=request.user,
                             tracking_number=form.cleaned_data["tracking_number"])
        except ValidationFailed as exc:  # TrackingNumberNeeded among them: the field asks for the number
            form.add_service_error(exc)
        except LapakError as exc:
            return _failed(request, order, exc)
        else:
            messages.success(request, _("The parcel is on its way back. The refund is requested when it arrives."))
            return redirect(f"{order_url(order)}#return-{ret.public_id}")
    return _failed(request, order, ValidationFailed(), forms={ret.public_id: {"ship": form}})
