"""Importing products from a CSV file, for sellers with many items: checked row by row, all or nothing.

The columns and the reading of the file are in `imports_csv`; the checks are the catalogue's own
(`product_clean`, `product_origin_check`, `variant_clean`, the SKU constraint) and the writes go through
`product_create`, `variant_create` and the inventory's `stock_restock`, so an import obeys exactly what the
product editor obeys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.cells import CellError, options_parse, usd_cents, whole_number, yes_no
from lapak.market.catalog.models import Category, Origin, Variant
from lapak.market.catalog.services.imports_csv import (
    COLUMN_NAMES,
    PRODUCT_COLUMNS,
    CsvImportFailed,
    CsvRow,
    RowError,
    csv_rows,
)
from lapak.market.catalog.services.products import product_create, variant_create
from lapak.market.catalog.validation import product_clean, product_origin_check, variant_clean
from lapak.market.inventory.models import MAX_STOCK_QUANTITY, Warehouse
from lapak.market.inventory.services import stock_restock
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, actor_label, require_member

# Service field names that are not the file's column names; anything else unknown is the row as a whole.
_COLUMN_OF = {"fob_value_usd_cents": "fob_value_usd", "is_active": "active", "quantity": "stock_quantity"}
_NUMBERS = ("price", "weight_grams", "length_mm", "width_mm", "height_mm")


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    products: int
    variants: int
    units: int
    product_ids: list[int]


@dataclass
class _VariantPlan:
    row: int
    data: dict[str, Any]
    stock: int = 0
    warehouse: Warehouse | None = None


@dataclass
class _ProductPlan:
    row: int
    data: dict[str, Any]
    variants: list[_VariantPlan] = field(default_factory=list)


def catalog_import_csv(*, seller: SellerOrganisation, actor: object, data: bytes) -> ImportSummary:
    """Create draft products, their variants and (optionally) their first stock from a CSV file.

    Guarantees: only an owner or manager may import (others: PermissionDenied, non-members: NotFound). The file
    is bounded (5 MB, 2,000 rows; UTF-8 with or without BOM; ',' or ';'). Every row is checked by the
    catalogue's own checks; SKUs must be new to the seller and appear once in the file; stock goes to one of the
    seller's active warehouses. Every problem found is raised at once as CsvImportFailed with its row number
    and column. Then everything is written through `product_create`, `variant_create` and `stock_restock` in
    one transaction; if any of them refuses a row (say another writer took a SKU meanwhile) that is reported
    the same way and the whole file is rolled back, so nothing is ever half-imported. Products land as drafts.
    """
    require_member(seller, actor, EDITORS)
    rows, errors = csv_rows(bytes(data))
    plans = _plan(seller, rows, errors)
    if errors:
        raise CsvImportFailed(errors)
    return _write(seller, actor, plans, len(rows))


def _plan(seller: SellerOrganisation, rows: list[CsvRow], errors: list[RowError]) -> list[_ProductPlan]:
    groups: dict[str, list[CsvRow]] = {}
    for row in rows:
        ref = row.cells.get("product_ref", "")
        if not ref or len(ref) > 64:
            errors.append(RowError(row.number, "product_ref", _(
                "Give the product this row belongs to (up to 64 characters); rows with the same one form one "
                "product.")))
        else:
            groups.setdefault(ref, []).append(row)
    categories = _categories(row.cells.get("category", "") for row in rows)
    taken = _skus_taken(seller, [row.cells.get("sku", "") for row in rows])
    warehouses = list(Warehouse.objects.filter(organisation=seller, is_active=True).order_by("pk"))
    seen: dict[str, int] = {}
    plans = []
    for group in groups.values():
        first = group[0]
        plan = _ProductPlan(row=first.number, data=_product_data(seller, first, categories, errors))
        for row in group[1:]:
            for name in PRODUCT_COLUMNS:
                value = row.cells.get(name, "")
                if value and value != first.cells.get(name, ""):
                    errors.append(RowError(row.number, name, _(
                        "This differs from row %(row)d of the same product; leave it empty or repeat it.")
                        % {"row": first.number}))
        for row in group:
            plan.variants.append(_variant_plan(row, taken, seen, warehouses, errors))
        plans.append(plan)
    return plans


def _product_data(seller: SellerOrganisation, row: CsvRow, categories: Mapping[str, Category],
                  errors: list[RowError]) -> dict[str, Any]:
    cells = row.cells
    # An unknown code becomes None, which product_clean refuses with its own message (and without a query).
    data: dict[str, Any] = {"category": categories.get(cells.get("category", "")), "title": cells.get("title", ""),
                            "description_id": cells.get("description_id", "")}
    for name in ("description_en", "origin", "origin_country", "hs_code"):
        if cells.get(name):
            data[name] = cells[name]
    unreadable = ""
    try:
        fob = usd_cents(cells.get("fob_value_usd"))
    except CellError as exc:
        errors.append(RowError(row.number, "fob_value_usd", exc.message))
        unreadable = "fob_value_usd"  # "needs its FOB value" would only repeat that
    else:
        if fob is not None:
            data["fob_value_usd_cents"] = fob
    found: list[RowError] = []
    try:
        clean = product_clean(data, jurisdiction=seller.jurisdiction, partial=False)
        # The country product_create assumes when none is given, so the origin is checked as it will be stored.
        country = clean.get("origin_country", "ID" if clean["origin"] == Origin.DOMESTIC else "")
        product_origin_check(origin=clean["origin"], origin_country=country, hs_code=clean.get("hs_code", ""),
                             fob=clean.get("fob_value_usd_cents"))
    except ValidationFailed as exc:
        _add(found, row.number, exc)
    errors.extend(error for error in found if error.column != unreadable)
    return data


def _variant_plan(row: CsvRow, taken: set[str], seen: dict[str, int], warehouses: list[Warehouse],
                  errors: list[RowError]) -> _VariantPlan:
    cells = row.cells
    data: dict[str, Any] = {"sku": cells.get("sku", "")}
    for name in _NUMBERS:
        data[name] = whole_number(cells.get(name))
    try:
        data["options"] = options_parse(cells.get("options"), separator="|")
    except CellError as exc:
        errors.append(RowError(row.number, "options", exc.message))
    active = yes_no(cells.get("active"))
    if active is not None:
        data["is_active"] = active
    sku = data["sku"].strip()  # as variant_clean reads it; a bad price must not hide a duplicate SKU
    try:
        variant_clean(data, partial=False)
    except ValidationFailed as exc:
        _add(errors, row.number, exc)
        if "sku" in exc.fields:
            sku = ""
    if sku:
        if sku in seen:
            errors.append(RowError(row.number, "sku", _("This SKU is also on row %(row)d.") % {"row": seen[sku]}))
        elif sku in taken:
            errors.append(RowError(row.number, "sku", _("Another of your products already uses this SKU.")))
        seen.setdefault(sku, row.number)
    plan = _VariantPlan(row=row.number, data=data)
    quantity = whole_number(cells.get("stock_quantity"))
    if quantity in (None, 0):
        return plan
    if not isinstance(quantity, int) or not 0 < quantity <= MAX_STOCK_QUANTITY:
        message = (_("Enter a whole number.") if not isinstance(quantity, int) else
                   _("Must be at least %(min)d.") % {"min": 0} if quantity < 0 else
                   _("Must be at most %(max)d.") % {"max": MAX_STOCK_QUANTITY})
        errors.append(RowError(row.number, "stock_quantity", message))
    plan.stock = quantity if isinstance(quantity, int) else 0
    plan.warehouse = _warehouse(cells.get("warehouse", ""), warehouses, row.number, errors)
    return plan


def _warehouse(text: str, warehouses: list[Warehouse], row: int, errors: list[RowError]) -> Warehouse | None:
    if not warehouses:
        errors.append(RowError(row, "warehouse", _("Add a warehouse before importing stock.")))
        return None
    if not text:
        if len(warehouses) == 1:
            return warehouses[0]
        errors.append(RowError(row, "warehouse", _("You have several warehouses: name the one for this stock.")))
        return None
    found = [w for w in warehouses if w.public_id == text or w.name.casefold() == text.casefold()]
    if len(found) == 1:
        return found[0]
    errors.append(RowError(row, "warehouse", _(
        "You have no active warehouse of this name or code.") if not found else _(
        "Several of your warehouses have this name; use its code (wh_…).")))
    return None


def _categories(slugs: Iterable[str]) -> dict[str, Category]:
    wanted = {slug for slug in slugs if slug}
    return {c.slug: c for c in Category.objects.filter(slug__in=wanted, is_active=True)} if wanted else {}


def _skus_taken(seller: SellerOrganisation, skus: list[str]) -> set[str]:
    wanted = sorted({sku for sku in skus if sku})
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):  # bounded IN lists, whatever the database's parameter limit
        chunk = wanted[start:start + 500]
        taken.update(Variant.objects.filter(seller=seller, sku__in=chunk).values_list("sku", flat=True))
    return taken


def _add(errors: list[RowError], row: int, exc: ValidationFailed) -> None:
    if not exc.fields:
        errors.append(RowError(row, "", exc.message))
    for name, messages in exc.fields.items():
        column = _COLUMN_OF.get(name, name)
        for message in messages:
            errors.append(RowError(row, column if column in COLUMN_NAMES else "", message))


def _write(seller: SellerOrganisation, actor: object, plans: list[_ProductPlan], rows: int) -> ImportSummary:
    errors: list[RowError] = []
    created: list[int] = []
    variants = units = 0
    label = actor_label(actor)
    with transaction.atomic():
        for plan in plans:
            try:
                product = product_create(seller=seller, actor=actor, data=plan.data)
            except ValidationFailed as exc:
                _add(errors, plan.row, exc)
                continue
            created.append(product.pk)
            for line in plan.variants:
                # Each service below validates before writing and writes inside its own savepoint, so a refusal
                # leaves this transaction usable and the remaining rows are still checked and reported.
                try:
                    variant = variant_create(product=product, actor=actor, data=line.data)
                    variants += 1
                    if line.stock:
                        stock_restock(variant=variant, warehouse=line.warehouse, quantity=line.stock, actor=label)
                        units += line.stock
                except ValidationFailed as exc:
                    _add(errors, line.row, exc)
        if errors:
            raise CsvImportFailed(errors)  # leaving the block with it rolls every row back
    return ImportSummary(rows=rows, products=len(created), variants=variants, units=units, product_ids=created)
