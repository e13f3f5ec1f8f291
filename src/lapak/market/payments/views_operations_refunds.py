"""The operators' bank refunds (issue 6): refunds the gateway cannot give back (virtual account, cash on delivery)
are paid by transfer to the account the buyer gave. The list shows the earliest due first, with the refund's age
and its due date (ID-CON-2: compensation within 7 days; overdue ones are marked). One refund's page shows the
account masked; showing the whole number is a POST and the vault audits the reading (ID-PDP-4). An operator who
is the buyer may look but not act. Operators only (the operations desk's guard)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lapak.core.errors import Conflict, NotFound, PermissionDenied
from lapak.market.orders.models import RefundRequest, RefundStatus
from lapak.market.payments import selectors_operations as sel
from lapak.market.payments.services.refunds_bank import bank_refund_mark_paid, bank_refund_number
from lapak.market.payments.services.refunds_operations import refund_retry_now
from lapak.market.payments.views_operations_forms import MarkPaidForm, StateFilterForm
from lapak.market.sellers.permissions import actor_label
from lapak.market.sellers.views_desk.common import operator_page

PAGE_SIZE = 50
STATES = ["open", "paid"]


def _tabs(current: str) -> list[dict]:
    counts, labels = sel.bank_refund_counts(), {"open": _("To pay"), "paid": _("Paid")}
    return [{"state": s, "label": labels[s], "count": counts[s], "current": s == current,
             "query": urlencode({"state": s})} for s in STATES]


@operator_page
@require_safe
def refund_list(request: HttpRequest) -> HttpResponse:
    state = StateFilterForm(request.GET, choices=STATES).state_or_default()
    page = Paginator(sel.bank_refunds(state=state), PAGE_SIZE).get_page(request.GET.get("page", "1")[:10])
    now = timezone.now()
    rows = [{"refund": r, "age": now - r.requested_at, "overdue": r.status != RefundStatus.PAID and r.due_at < now}
            for r in page.object_list]
    return render(request, "payments_operations/refunds.html", {
        "page": page, "rows": rows, "tabs": _tabs(state), "state": state, "page_query": urlencode({"state": state})})


def _refund(public_id: str) -> RefundRequest:
    try:
        return sel.bank_refund_for_operator(public_id=public_id)
    except NotFound:
        raise Http404(_("There is no such refund.")) from None


def _own(request: HttpRequest, refund: RefundRequest) -> bool:
    return refund.order.buyer_id == request.user.pk


def _detail(request: HttpRequest, refund: RefundRequest, *, form: MarkPaidForm | None = None,
            number: str = "", status: int = 200) -> HttpResponse:
    now, own = timezone.now(), _own(request, refund)
    context = {"refund": refund, "bank": sel.bank_refund_row(refund), "form": form or MarkPaidForm(),
               "number": number, "own": own, "age": now - refund.requested_at,
               "overdue": refund.status != RefundStatus.PAID and refund.due_at < now,
               "can_pay": not own and refund.status == RefundStatus.EXECUTING,
               "can_retry": not own and refund.status == RefundStatus.FAILED}
    return render(request, "payments_operations/refund_detail.html", context, status=status)


@operator_page
@require_safe
def refund_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _detail(request, _refund(public_id))


@operator_page
@require_POST
def refund_reveal(request: HttpRequest, public_id: str) -> HttpResponse:
    """The whole account number, for the operator making the transfer; the reading is audited by the vault."""
    refund = _refund(public_id)
    bank = sel.bank_refund_row(refund)
    if bank is None:
        raise Http404(_("The buyer has not given a bank account yet."))
    if _own(request, refund):
        raise DjangoPermissionDenied
    number = bank_refund_number(bank_refund=bank, actor=actor_label(request.user))
    return _detail(request, refund, number=number)


@operator_page
@require_POST
def refund_mark_paid(request: HttpRequest, public_id: str) -> HttpResponse:
    refund = _refund(public_id)
    bank = sel.bank_refund_row(refund)
    if bank is None or _own(request, refund):
        raise DjangoPermissionDenied
    form = MarkPaidForm(request.POST)
    if not form.is_valid():
        return _detail(request, refund, form=form, status=422)
    try:
        bank_refund_mark_paid(bank_refund=bank, actor=actor_label(request.user),
                              transfer_ref=form.cleaned_data["transfer_ref"])
    except Conflict as exc:  # no longer waiting for a transfer: the page shows why, without the form
        messages.error(request, str(exc.message))
        return _detail(request, _refund(public_id), status=409)
    messages.success(request, _("The refund is marked paid; the buyer sees it now."))
    return redirect("payments_operations:refund_detail", refund.public_id)


@operator_page
@require_POST
def refund_retry(request: HttpRequest, public_id: str) -> HttpResponse:
    refund = _refund(public_id)
    try:
        refund = refund_retry_now(refund_request=refund, actor=request.user)
    except PermissionDenied:
        raise DjangoPermissionDenied from None
    except Conflict as exc:
        messages.error(request, str(exc.message))
        return _detail(request, _refund(public_id), status=409)
    messages.success(request, _("Tried again: the refund is now “%(status)s”.") % {
        "status": refund.get_status_display()})
    return redirect("payments_operations:refund_detail", refund.public_id)
