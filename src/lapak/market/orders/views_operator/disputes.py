"""The operators' returns desk: disputed returns oldest first with how long each has waited for Lapak (the
complaint service of ID-CON-3; compensation is due within 7 days, ID-CON-2), any other status on request, and
one return with its whole seller order — lines, timeline, photos, the seller's refusal and the buyer's note —
and the decision form. Operators only (the operations desk's guard); an operator who is the buyer or belongs to
the shop may look but not decide."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.orders.errors import ReturnNotFound
from lapak.market.orders.models import EventKind, OrderEvent, ReturnRequest
from lapak.market.orders.models import ReturnStatus as R
from lapak.market.orders.returns import selectors, selectors_access
from lapak.market.orders.returns.services import return_decide
from lapak.market.orders.views.buyer import timeline_entry
from lapak.market.orders.views.return_context import return_view
from lapak.market.orders.views_operator.forms import FILTERS, DecideForm, QueueFilterForm
from lapak.market.sellers.permissions import member_role_of
from lapak.market.sellers.views_desk.common import operator_page

SLA_WARN = timedelta(hours=24)
SLA_BREACH = timedelta(hours=48)
PAGE_SIZE = 50


def _waiting_since(returns: list[ReturnRequest]) -> dict[int, object]:
    """Return pk -> when it entered its present status (its latest timeline entry to that status)."""
    wanted = {r.public_id: r for r in returns}
    since: dict[int, object] = {}
    events = OrderEvent.objects.filter(kind=EventKind.RETURN, seller_order__in={r.seller_order_id for r in returns}
                                       ).order_by("at", "pk").values_list("data", "to_status", "at")
    for data, to_status, at in events:
        ret = wanted.get((data or {}).get("return"))
        if ret is not None and to_status == ret.status:
            since[ret.pk] = at
    return {r.pk: since.get(r.pk, r.requested_at) for r in returns}


def _sla(status: str, age: timedelta) -> str:
    if status != R.DISPUTED:
        return ""
    return "breach" if age >= SLA_BREACH else "warn" if age >= SLA_WARN else "ok"


@operator_page
@require_safe
def dispute_list(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    status = form.status_or_default()
    page = Paginator(selectors_access.returns_for_operator(status=status), PAGE_SIZE).get_page(
        request.GET.get("page", "1")[:10])
    returns = list(page.object_list)
    since, now = _waiting_since(returns), timezone.now()
    rows = [{"ret": r, "since": since[r.pk], "sla": _sla(r.status, now - since[r.pk])} for r in returns]
    counts = selectors.return_counts(rows=ReturnRequest.objects.all())
    tabs = [{"status": key, "label": label, "count": counts.get(key, 0), "current": key == status,
             "query": urlencode({"status": key})} for key, label in FILTERS]
    context = {"form": form, "page": page, "rows": rows, "tabs": tabs, "status": status,
               "page_query": urlencode({"status": status}),
               "sla_warn_hours": int(SLA_WARN.total_seconds() // 3600),
               "sla_breach_hours": int(SLA_BREACH.total_seconds() // 3600)}
    return render(request, "orders_operator/list.html", context)


def _return(public_id: str) -> ReturnRequest:
    try:
        return selectors_access.return_for_operator(public_id=public_id)
    except ReturnNotFound as exc:
        raise Http404(str(exc.message)) from exc


def _involved(request: HttpRequest, ret: ReturnRequest) -> bool:
    """The operator is the buyer, or belongs to the shop: no one decides their own case."""
    so = ret.seller_order
    return so.order.buyer_id == request.user.pk or member_role_of(so.seller, request.user) is not None


def _detail(request: HttpRequest, ret: ReturnRequest, *, form: DecideForm | None = None,
            status: int = 200) -> HttpResponse:
    so = ret.seller_order
    events = OrderEvent.objects.filter(seller_order=so).select_related("seller_order__seller").order_by("at", "pk")
    others = ReturnRequest.objects.filter(seller_order=so).exclude(pk=ret.pk).order_by("-requested_at")
    involved = _involved(request, ret)
    context = {"r": return_view(ret, actor_kind="operator"), "ret": ret, "so": so, "order": so.order,
               "lines": list(so.lines.all()), "timeline": [timeline_entry(e) for e in events],
               "others": list(others), "involved": involved,
               "can_decide": ret.status == R.DISPUTED and not involved, "form": form or DecideForm()}
    return render(request, "orders_operator/detail.html", context, status=status)


@operator_page
@require_safe
def dispute_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _detail(request, _return(public_id))


@operator_page
@require_POST
def dispute_decide(request: HttpRequest, public_id: str) -> HttpResponse:
    ret = _return(public_id)
    if _involved(request, ret):
        raise DjangoPermissionDenied
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            return_decide(return_request=ret, operator=request.user, accept=form.accept(),
                          note=form.cleaned_data["note"], goods_back=form.goods_back())
        except Conflict as exc:
            messages.error(request, str(exc.message))
            return _detail(request, _return(public_id), status=409)
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The decision is recorded; the buyer and the seller see it now."))
            return redirect("orders_operator:detail", ret.public_id)
    return _detail(request, ret, form=form, status=422)
