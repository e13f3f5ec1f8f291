"""The seller centre's affiliate pages: the shop's open offers per product, and its invitations to creators.

Members see both; owners and managers change them (staff get the 403 page); another shop's page is 404. The
services decide all of it; these views only map their errors onto the forms.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.market.affiliates import selectors_offers as selectors
from lapak.market.affiliates import services_invites, services_offers
from lapak.market.affiliates.forms_seller import InviteForm, OfferForm, OfferRateForm
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, member_role_of
from lapak.market.sellers.selectors import organisation_for
from lapak.market.sellers.views.common import role_label, seller_page


def _products(shop: SellerOrganisation) -> list[tuple[str, str]]:
    return [(p.public_id, p.title) for p in selectors.products_open_for_offers(seller=shop)[:500]]


def _render(request: HttpRequest, shop: SellerOrganisation, template: str, section: str, context: dict,
            status: int = 200) -> HttpResponse:
    role = member_role_of(shop, request.user) or ""
    return render(request, template, {"organisation": shop, "role": role, "role_label": role_label(role),
                                      "can_edit": role in EDITORS, "section": section, **context}, status=status)


def _offers_page(request: HttpRequest, shop: SellerOrganisation, form: OfferForm, status: int = 200,
                 row_errors: dict | None = None) -> HttpResponse:
    rows = [(o, selectors.percent_label(o.rate_bps)) for o in selectors.offers_of_seller(seller=shop)[:500]]
    return _render(request, shop, "affiliates/seller/offers.html", "affiliate_offers",
                   {"rows": rows, "form": form, "row_errors": row_errors or {}}, status)


@require_http_methods(["GET", "POST"])
@seller_page
def offers(request: HttpRequest, org: str) -> HttpResponse:
    shop = organisation_for(user=request.user, public_id=org)
    products = _products(shop)
    if request.method != "POST":
        return _offers_page(request, shop, OfferForm(products=products))
    form = OfferForm(request.POST, products=products)
    if form.is_valid():
        try:
            product = selectors.product_of_seller(seller=shop, product_id=form.cleaned_data["product"])
            offer = services_offers.offer_set(actor=request.user, seller=shop, product=product,
                                              rate_bps=form.cleaned_data["rate"])
        except (ValidationFailed, Conflict) as exc:  # a Conflict: writers raced twice; shown on the form
            form.add_service_error(exc)
        else:
            messages.success(request, _("%(product)s is open to creators at %(rate)s.") % {
                "product": offer.product.title, "rate": selectors.percent_label(offer.rate_bps)})
            return redirect("affiliates_seller:offers", shop.public_id)
    return _offers_page(request, shop, form, status=422)


@require_POST
@seller_page
def offer_rate(request: HttpRequest, org: str, prd: str) -> HttpResponse:
    """Change one offer's rate inline (owner or manager); errors are shown on that row."""
    shop = organisation_for(user=request.user, public_id=org)
    offer = selectors.offer_of_product(seller=shop, product_id=prd)
    form = OfferRateForm(request.POST)
    if form.is_valid():
        try:
            services_offers.offer_update(actor=request.user, offer=offer, rate_bps=form.cleaned_data["rate"])
        except (ValidationFailed, Conflict) as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The commission is changed."))
            return redirect("affiliates_seller:offers", shop.public_id)
    errors = [str(e) for e in form.errors.get("rate", [])] + [str(e) for e in form.non_field_errors()]
    return _offers_page(request, shop, OfferForm(products=_products(shop)), status=422,
                        row_errors={offer.pk: errors})


@require_POST
@seller_page
def offer_switch(request: HttpRequest, org: str, prd: str) -> HttpResponse:
    """Switch an offer on or off (owner or manager)."""
    shop = organisation_for(user=request.user, public_id=org)
    offer = selectors.offer_of_product(seller=shop, product_id=prd)
    try:
        offer = services_offers.offer_update(actor=request.user, offer=offer, active=not offer.active)
    except (ValidationFailed, Conflict) as exc:
        messages.error(request, " ".join(str(m) for ms in exc.fields.values() for m in ms) or str(exc.message))
    else:
        text = _("The offer on %(product)s is on.") if offer.active else _("The offer on %(product)s is off.")
        messages.success(request, text % {"product": offer.product.title})
    return redirect("affiliates_seller:offers", shop.public_id)


def _invites_page(request: HttpRequest, shop: SellerOrganisation, form: InviteForm, status: int = 200
                  ) -> HttpResponse:
    rows = [(i, selectors.percent_label(i.rate_bps)) for i in selectors.invites_of_seller(seller=shop)[:500]]
    return _render(request, shop, "affiliates/seller/invites.html", "affiliate_invites",
                   {"rows": rows, "form": form}, status)


@require_http_methods(["GET", "POST"])
@seller_page
def invites(request: HttpRequest, org: str) -> HttpResponse:
    shop = organisation_for(user=request.user, public_id=org)
    products = _products(shop)
    if request.method != "POST":
        return _invites_page(request, shop, InviteForm(products=products))
    form = InviteForm(request.POST, products=products)
    if form.is_valid():
        data = form.cleaned_data
        try:
            product = selectors.product_of_seller(seller=shop, product_id=data["product"])
            services_invites.invite_send(actor=request.user, seller=shop, product=product, creator=data["creator"],
                                         rate_bps=data["rate"], message=data["message"])
        except (ValidationFailed, NotFound) as exc:
            form.add_service_error(exc)
        except Conflict as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The invitation is sent."))
            return redirect("affiliates_seller:invites", shop.public_id)
    return _invites_page(request, shop, form, status=422)


@require_POST
@seller_page
def invite_withdraw(request: HttpRequest, org: str, inv: str) -> HttpResponse:
    shop = organisation_for(user=request.user, public_id=org)
    invite = selectors.invite_of_seller(seller=shop, public_id=inv)
    try:
        services_invites.invite_withdraw(actor=request.user, invite=invite)
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The invitation is withdrawn."))
    return redirect("affiliates_seller:invites", shop.public_id)
