"""Pictures and certificates of a product: add or replace, and remove. The services judge the content."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lapak.core.errors import Conflict, NotFound
from lapak.market.catalog.models import CertificateKind
from lapak.market.catalog.services import (
    certificate_remove,
    certificate_set,
    product_image_add,
    product_image_remove,
)
from lapak.market.catalog.views_seller.common import body_limit, seller_page, shop_for
from lapak.market.catalog.views_seller.editor import editor_page, form_write, product_of, status_reported
from lapak.market.catalog.views_seller.forms import CertificateForm, ImageForm
from lapak.market.sellers.rules import upload_max_bytes


def _back(org: str, prd: str) -> HttpResponse:
    return redirect("catalog_seller:product", org, prd)


@require_POST
@seller_page
@body_limit(upload_max_bytes)
def image_add(request: HttpRequest, org: str, prd: str) -> HttpResponse:
    shop = shop_for(request, org)
    product = product_of(request, shop, prd)
    form = ImageForm(request.POST, request.FILES)
    status = 422
    if form.is_valid():
        upload = form.cleaned_data["image"]
        if upload.size > upload_max_bytes():
            form.add_error("image", _("The file is larger than %(limit)s.") % {
                "limit": filesizeformat(upload_max_bytes())})
        else:
            status = form_write(form, lambda: product_image_add(product=product, actor=request.user,
                                                                data=upload.read()))
            if status is None:
                messages.success(request, _("The picture is added."))
                return _back(org, prd)
    return editor_page(request, shop, product, status=status, image_form=form)


@require_POST
@seller_page
def image_remove(request: HttpRequest, org: str, prd: str, img: str) -> HttpResponse:
    shop = shop_for(request, org)
    product = product_of(request, shop, prd)
    image = product.images.filter(public_id=img).first() if len(img) <= 40 else None
    if image is None:
        raise NotFound(_("There is no such picture."), code="image_not_found")
    image.product = product
    try:
        product_image_remove(image=image, actor=request.user)
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The picture is removed."))
    return _back(org, prd)


@require_POST
@seller_page
def certificate_add(request: HttpRequest, org: str, prd: str) -> HttpResponse:
    shop = shop_for(request, org)
    product = product_of(request, shop, prd)
    form = CertificateForm(request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        status = form_write(form, lambda: certificate_set(
            product=product, actor=request.user, kind=data["kind"], number=data["number"], issuer=data["issuer"],
            expires_on=data["expires_on"]))
        if status is None:
            status_reported(request, product)
            return _back(org, prd)
    return editor_page(request, shop, product, status=status, certificate_form=form)


@require_POST
@seller_page
def certificate_delete(request: HttpRequest, org: str, prd: str, kind: str) -> HttpResponse:
    shop = shop_for(request, org)
    product = product_of(request, shop, prd)
    if kind not in CertificateKind.values:
        raise NotFound(_("This product has no such certificate."), code="certificate_not_found")
    try:
        certificate_remove(product=product, actor=request.user, kind=kind)
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        status_reported(request, product)
    return _back(org, prd)
