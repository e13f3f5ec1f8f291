"""CSV import of products: the columns explained, a template to download, the upload and its outcome.

The outcome is either the table of every problem (row, column, message; nothing was saved) or a summary
of what was created. The file's size is refused before it is read; the service checks it again.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lapak.market.catalog.selectors import categories_active, products_for_seller
from lapak.market.catalog.services import catalog_import_csv
from lapak.market.catalog.services.imports_csv import COLUMNS, MAX_BYTES, MAX_ROWS, CsvImportFailed, template_csv
from lapak.market.catalog.views_seller.common import Shop, body_limit, require_editor_of, seller_page, shop_for
from lapak.market.catalog.views_seller.forms_stock import ImportForm
from lapak.market.catalog.views_seller.reads import warehouses_of

SHOWN_PRODUCTS = 50


def _page(request: HttpRequest, shop: Shop, form: ImportForm, *, status: int = 200, **extra: object) -> HttpResponse:
    language = translation.get_language() or "id"
    categories = sorted(((c.slug, c.name_for(language)) for c in categories_active()), key=lambda c: c[0])
    context = shop.context(
        "import", form=form, columns=COLUMNS, categories=categories,
        max_rows=formats.number_format(MAX_ROWS, force_grouping=True),
        max_size=filesizeformat(MAX_BYTES),
        warehouses=list(warehouses_of(organisation=shop.organisation).filter(is_active=True)), **extra)
    return render(request, "catalog_seller/import.html", context, status=status)


def _max_bytes() -> int:
    return MAX_BYTES


@require_http_methods(["GET", "POST"])
@seller_page
@body_limit(_max_bytes)
def product_import(request: HttpRequest, org: str) -> HttpResponse:
    shop = shop_for(request, org)
    if request.method != "POST":
        return _page(request, shop, ImportForm())
    require_editor_of(request, shop)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, shop, form, status=422)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_BYTES:
        form.add_error("file", _("The file is larger than %(limit)s; split it into smaller files.") % {
            "limit": filesizeformat(MAX_BYTES)})
        return _page(request, shop, form, status=422)
    try:
        summary = catalog_import_csv(seller=shop.organisation, actor=request.user, data=upload.read())
    except CsvImportFailed as exc:
        return _page(request, shop, ImportForm(), status=422, failure=exc, file_name=upload.name[:120])
    created = list(products_for_seller(seller=shop.organisation, user=request.user)
                   .filter(pk__in=summary.product_ids[:SHOWN_PRODUCTS]).order_by("pk"))
    return _page(request, shop, ImportForm(), summary=summary, created=created, file_name=upload.name[:120])


@require_safe
@seller_page
def import_template(request: HttpRequest, org: str) -> HttpResponse:
    shop_for(request, org)
    response = HttpResponse(template_csv().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="lapak-products-template.csv"'
    return response
