"""The product editor page: the product's fields, its variants, pictures, certificates and listing actions.

Each section posts to its own URL; when one is refused, the whole page is drawn again with that section's
form bound and its errors beside the fields (status 422), and nothing was saved.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.market.catalog.cells import options_format
from lapak.market.catalog.models import ListingStatus, Product
from lapak.market.catalog.selectors import product_for_seller
from lapak.market.catalog.services import listing_required_certificates_missing, product_update
from lapak.market.catalog.transitions import EDITABLE, SELLER, allowed_targets
from lapak.market.catalog.views_seller.common import Shop, seller_page, shop_for
from lapak.market.catalog.views_seller.forms import CertificateForm, ImageForm, ProductForm, VariantForm
from lapak.market.inventory.selectors import variant_availability

# What each listing step is called on its button, from the seller's side.
ACTION_LABELS: dict[str, Promise] = {
    ListingStatus.SUBMITTED: gettext_lazy("Submit for publication"),
    ListingStatus.DRAFT: gettext_lazy("Back to draft"),
    ListingStatus.PAUSED: gettext_lazy("Pause"),
    ListingStatus.ACTIVE: gettext_lazy("Resume"),
    ListingStatus.REMOVED: gettext_lazy("Remove"),
}


def product_of(request: HttpRequest, shop: Shop, prd: str) -> Product:
    """The shop's product `prd`; another shop's product (even one the user also belongs to) is NotFound here."""
    product = product_for_seller(public_id=prd, user=request.user)
    if product.seller_id != shop.organisation.pk:
        raise NotFound(_("There is no such product."), code="product_not_found")
    return product


def editor_page(request: HttpRequest, shop: Shop, product: Product, *, status: int = 200,
                product_form: ProductForm | None = None, variant_form: VariantForm | None = None,
                image_form: ImageForm | None = None, certificate_form: CertificateForm | None = None,
                listing_errors: list[str] | None = None) -> HttpResponse:
    variants = list(product.variants.order_by("pk"))
    available = variant_availability(variant_ids=[v.pk for v in variants])
    certificates = list(product.certificates.order_by("kind"))
    required = list(product.category.required_certificates)
    actions = [(target, ACTION_LABELS.get(target, target)) for target in allowed_targets(product.status, SELLER)]
    context = shop.context(
        "products", product=product, editable=product.status in EDITABLE and shop.can_edit,
        product_form=product_form or ProductForm.for_product(product),
        variant_form=variant_form or VariantForm(), image_form=image_form or ImageForm(),
        certificate_form=certificate_form or CertificateForm(),
        variants=[{"variant": v, "options": options_format(v.options, separator=", "), "available": available[v.pk]}
                  for v in variants],
        images=list(product.images.all()), certificates=certificates, required_certificates=required,
        missing_certificates=listing_required_certificates_missing(product) if required else [],
        actions=actions if shop.can_edit else [], listing_errors=listing_errors or [],
        # The stored reasons themselves: compliance's partial shows each in the page's language, with the rule.
        reasons=[r for r in product.refusal_reasons or [] if isinstance(r, dict)],
    )
    return render(request, "catalog_seller/editor.html", context, status=status)


@require_http_methods(["GET", "POST"])
@seller_page
def product_detail(request: HttpRequest, org: str, prd: str) -> HttpResponse:
    shop = shop_for(request, org)
    product = product_of(request, shop, prd)
    if request.method != "POST":
        return editor_page(request, shop, product)
    form = ProductForm(request.POST)
    status = 422
    if form.is_valid():
        try:
            updated = product_update(product=product, actor=request.user, data=form.product_data())
        except ValidationFailed as exc:
            form.add_service_error(exc)
        except Conflict as exc:  # submitted or removed meanwhile
            form.add_error(None, str(exc.message))
            status = 409
        else:
            changes_saved(request, before=product.status, after=updated.status)
            return redirect("catalog_seller:product", shop.organisation.public_id, product.public_id)
    return editor_page(request, shop, product, status=status, product_form=form)


def form_write(form: object, write: Callable[[], object]) -> int | None:
    """Run a catalogue write for a valid form: its refusals land on the form's fields (422), a conflict (the
    listing was submitted or removed meanwhile) on the form as a whole (409). None when it went through."""
    try:
        write()
    except ValidationFailed as exc:
        form.add_service_error(exc)
        return 422
    except Conflict as exc:
        form.add_error(None, str(exc.message))
        return 409
    return None


def status_reported(request: HttpRequest, product: Product) -> None:
    """After a write that may have asked the compliance engine again: say it is saved, or that it refused."""
    before = product.status
    product.refresh_from_db(fields=["status"])
    changes_saved(request, before=before, after=product.status)


def changes_saved(request: HttpRequest, *, before: str, after: str) -> None:
    """Say the edit is saved, and whether the compliance decision it asked for refused the live listing."""
    if after == ListingStatus.REFUSED and before != ListingStatus.REFUSED:
        messages.warning(request, _("The change is saved, but the listing is refused now: read the reasons below."))
    else:
        messages.success(request, _("The changes are saved."))
