"""The seller centre's voucher page: the shop's vouchers with what each has given, and a form to issue one.

Members see the list; owners and managers issue and switch vouchers (staff get the 403 page); another shop's
page is 404. The services decide all of it; this view only maps their errors onto the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lapak.core.errors import ValidationFailed
from lapak.market.promotions import selectors, services
from lapak.market.promotions.forms_seller import VoucherForm
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, member_role_of
from lapak.market.sellers.selectors import organisation_for
from lapak.market.sellers.views.common import role_label, seller_page


def _page(request: HttpRequest, shop: SellerOrganisation, form: VoucherForm, status: int = 200) -> HttpResponse:
    role = member_role_of(shop, request.user) or ""
    rows = [(v, selectors.voucher_usage(voucher=v)) for v in selectors.vouchers_of_seller(seller=shop)[:200]]
    return render(request, "promotions_seller/vouchers.html", {
        "organisation": shop, "role": role, "role_label": role_label(role), "can_edit": role in EDITORS,
        "section": "vouchers", "rows": rows, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@seller_page
def vouchers(request: HttpRequest, org: str) -> HttpResponse:
    shop = organisation_for(user=request.user, public_id=org)
    if request.method != "POST":
        return _page(request, shop, VoucherForm())
    form = VoucherForm(request.POST)
    if form.is_valid():
        try:
            voucher = services.voucher_create(actor=request.user, seller=shop, data=form.service_data())
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The voucher %(code)s is issued.") % {"code": voucher.code})
            return redirect("promotions_seller:vouchers", shop.public_id)
    return _page(request, shop, form, status=422)


@require_POST
@seller_page
def voucher_switch(request: HttpRequest, org: str, vch: str) -> HttpResponse:
    """Switch a voucher on or off (owner or manager)."""
    shop = organisation_for(user=request.user, public_id=org)
    voucher = selectors.voucher_of_seller(seller=shop, public_id=vch)
    try:
        voucher = services.voucher_update(voucher=voucher, actor=request.user, data={"active": not voucher.active})
    except ValidationFailed as exc:
        messages.error(request, str(exc.message))
    else:
        text = _("The voucher %(code)s is on.") if voucher.active else _("The voucher %(code)s is off.")
        messages.success(request, text % {"code": voucher.code})
    return redirect("promotions_seller:vouchers", shop.public_id)
