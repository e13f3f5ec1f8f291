"""The operators' PPh 22 page (ID-TAX-2, PMK 37/2025): every seller with its standing today (withheld, exempt
until a date and on which basis, or an exemption that ended), one seller's form to record or withdraw an
exemption (the rules are the service's; its errors show next to the fields) and the history of recordings from
the audit log. Operators only (the operations desk's guard); an operator who belongs to the shop may look but
not record."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lapak.core.errors import NotFound, ValidationFailed
from lapak.market.payments import selectors_operations as sel
from lapak.market.payments.models_release import ExemptionBasis
from lapak.market.payments.services.tax_status import seller_tax_status_record
from lapak.market.payments.views_operations_forms import EXEMPT, WITHDRAW, TaxStatusForm
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import member_role_of
from lapak.market.sellers.views_desk.common import operator_page

PAGE_SIZE = 50
MAX_QUERY = 80


@operator_page
@require_safe
def tax_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:MAX_QUERY].strip()
    page = Paginator(sel.tax_standings(query=query), PAGE_SIZE).get_page(request.GET.get("page", "1")[:10])
    rows = [sel.tax_standing(org) for org in page.object_list]
    return render(request, "payments_operations/tax.html", {"page": page, "rows": rows, "query": query,
                                                             "page_query": urlencode({"q": query})})


def _organisation(public_id: str) -> SellerOrganisation:
    try:
        return sel.organisation_for_operator(public_id=public_id)
    except NotFound:
        raise Http404(_("There is no such seller.")) from None


def _initial(standing: sel.TaxStanding) -> dict:
    row = standing.status
    if row is None or not row.pph22_exempt:
        return {"decision": EXEMPT}
    return {"decision": EXEMPT, "basis": row.basis, "certificate_number": row.certificate_number,
            "document_date": row.document_date, "declared_turnover": row.declared_turnover,
            "valid_from": row.valid_from, "valid_until": row.valid_until}


def _history(org: SellerOrganisation) -> list[dict]:
    labels = dict(ExemptionBasis.choices)
    return [{"event": e, "after": e.after or {}, "basis": labels.get((e.after or {}).get("basis"), "")}
            for e in sel.tax_status_history(org)]


@operator_page
@require_http_methods(["GET", "HEAD", "POST"])
def tax_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    org = _organisation(public_id)
    member = member_role_of(org, request.user) is not None
    status = 200
    if request.method == "POST":
        if member:
            raise DjangoPermissionDenied
        form = TaxStatusForm(request.POST)
        if form.is_valid():
            try:
                seller_tax_status_record(actor=request.user, organisation=org, **form.service_arguments())
            except ValidationFailed as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("The PPh 22 standing is recorded; releases from now on follow it."))
                return redirect("payments_operations:tax_detail", org.public_id)
        status = 422
    else:
        form = TaxStatusForm(initial=_initial(sel.tax_standing(org)))
    org = _organisation(public_id)  # fresh: the standing as stored
    context = {"org": org, "standing": sel.tax_standing(org), "form": form, "member": member,
               "history": _history(org), "withdraw": WITHDRAW}
    return render(request, "payments_operations/tax_detail.html", context, status=status)
