"""The product page: pictures, price, variant picker with stock per variant, description, certificates, origin
and the seller. Only public listings are shown; anything else is a 404 that never says whether it exists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel import Locale
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lapak.core.errors import NotFound
from lapak.market.catalog.models import Category, CertificateKind, Origin, Product
from lapak.market.catalog.selectors import ProductPage, product_public_page
from lapak.market.catalog.views.common import in_language, ui_language
from lapak.market.catalog.views.variants import stock_status, variant_axes, variant_chosen
from lapak.market.inventory.selectors import variant_availability
from lapak.market.sellers.compliance_facts import organisation_trader_details

# Mirrors the search index's badges (search/indexing.py), so a card and its page agree.
_LOCAL_SELLER_TYPES = ("individual", "business")
_UMKM_CLASSES = ("micro", "small", "medium")


@dataclass(frozen=True)
class CertificateRow:
    kind: str
    label: str
    number: str
    issuer: str
    expires_on: date | None
    expired: bool


@require_safe
def product_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        page = product_public_page(public_id=public_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    available = variant_availability(variant_ids=[v.id for v in page.variants])
    chosen = variant_chosen(page.variants, request.GET.get("variant", ""), available)
    context = {
        "page": page,
        "product": page.product,
        "chosen": chosen,
        "stock": stock_status(available.get(chosen.id, 0)) if chosen else None,
        "axes": variant_axes(page.variants, chosen, available),
        "price_low": min((v.price for v in page.variants), default=None),
        "price_high": max((v.price for v in page.variants), default=None),
        "breadcrumb": _breadcrumb(page.product),
        "description": in_language(page.product.description_id, page.product.description_en),
        "certificates": _certificates(page),
        "origin": _origin(page.product),
        "ships_from": _ships_from(page.product),
        "trader": _trader(page.product),
        "badges": _badges(page),
    }
    # htmx asks for the buy box alone when a variant is picked; the full page is the no-JavaScript fallback,
    # and also what htmx gets when it restores a page from history (it swaps the whole body then).
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request
    template = "catalog/partials/buy_box.html" if partial else "catalog/product.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _breadcrumb(product: Product) -> list:
    trail, category = [], product.category
    while category is not None and len(trail) < 4:
        trail.append(category)
        # select_related reaches three ancestors; beyond them the trail stops instead of querying.
        category = category.parent if Category.parent.is_cached(category) else None
    language = ui_language()
    return [{"slug": c.slug, "name": c.name_for(language)} for c in reversed(trail)]


def _certificates(page: ProductPage) -> list[CertificateRow]:
    today = timezone.localdate()
    return [
        CertificateRow(kind=c.kind, label=str(CertificateKind(c.kind).label), number=c.number, issuer=c.issuer,
                       expires_on=c.expires_on, expired=c.expires_on is not None and c.expires_on < today)
        for c in page.certificates
    ]


def country_name(code: str) -> str:
    return Locale.parse(ui_language()).territories.get(code.upper(), code.upper())


def _origin(product: Product) -> str:
    if product.origin == Origin.DOMESTIC:
        return _("Made in Indonesia")
    if product.origin == Origin.IMPORTED_LOCAL:
        return _("Imported from %(country)s by a local seller") % {"country": country_name(product.origin_country)}
    return _("Shipped directly from abroad (%(country)s)") % {"country": country_name(product.origin_country)}


def _ships_from(product: Product) -> str:
    """The country a direct cross-border listing ships from (ID-XB-3, GB-XB-1 require it shown); else ""."""
    if product.origin != Origin.CROSS_BORDER_DIRECT or not product.origin_country:
        return ""
    return country_name(product.origin_country)


def _trader(product: Product) -> dict[str, str] | None:
    """The trader's name, address, e-mail and telephone, shown on a listing outside Indonesia (GB-TRD-1).

    The same test as `listing_facts`, so the page shows exactly what the engine checked at publication; read
    fresh, not with the cached page, so a corrected address shows at once. Indonesian shops are not shown: an
    individual UMKM's details are their home address and phone (personal data), and no ID rule asks for it."""
    if product.seller.jurisdiction == "ID":
        return None
    details = organisation_trader_details(product.seller)
    return details if any(details.values()) else None


def _badges(page: ProductPage) -> dict[str, bool]:
    product, seller, today = page.product, page.product.seller, timezone.localdate()
    return {
        "local": product.origin == Origin.DOMESTIC and seller.seller_type in _LOCAL_SELLER_TYPES,
        "umkm": seller.umkm_class in _UMKM_CLASSES,
        "halal": any(c.kind == CertificateKind.HALAL and (c.expires_on is None or c.expires_on >= today)
                     for c in page.certificates),
    }
