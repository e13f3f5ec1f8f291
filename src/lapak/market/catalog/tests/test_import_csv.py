"""CSV import of products: every row checked by the catalogue's rules, errors per row and column, all or nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lapak.core.errors import NotFound, PermissionDenied
from lapak.market.catalog.models import Product, Variant
from lapak.market.catalog.services import catalog_import_csv, product_create, variant_create
from lapak.market.catalog.services import imports as imports_module
from lapak.market.catalog.services.imports_csv import (
    COLUMN_NAMES,
    MAX_BYTES,
    MAX_ROWS,
    CsvImportFailed,
    template_csv,
)
from lapak.market.catalog.tests import seller_support
from lapak.market.catalog.tests.conftest import VARIANT, product_data
from lapak.market.catalog.tests.seller_support import csv_bytes
from lapak.market.inventory.models import Stock, StockMovement

manager, other_seller, staff, warehouse = (seller_support.manager, seller_support.other_seller,
                                           seller_support.staff, seller_support.warehouse)  # shared fixtures

pytestmark = pytest.mark.django_db


def _counts():
    return Product.objects.count(), Variant.objects.count(), Stock.objects.count(), StockMovement.objects.count()


def _errors(exc) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in exc.value.errors}


def _fails(shop, actor, data) -> pytest.ExceptionInfo:
    before = _counts()
    with pytest.raises(CsvImportFailed) as exc:
        catalog_import_csv(seller=shop, actor=actor, data=data)
    assert _counts() == before, "a refused file must save nothing"
    return exc


def test_a_semicolon_file_with_bom_becomes_drafts_with_variants_and_stock(shop, owner, clothing, warehouse):
    data = csv_bytes([
        {"sku": "KAOS-M", "price": "75.000", "stock_quantity": "12"},
        {"sku": "KAOS-L", "price": "Rp 80.000", "options": "size: L | colour: Merah", "title": "",
         "description_id": "", "stock_quantity": "1.500", "warehouse": "gudang utama"},
        {"product_ref": "TOPI", "title": "Topi Rajut", "sku": "TOPI-1", "price": "45000", "options": "",
         "active": "tidak"},
    ], delimiter=";", bom=True)
    summary = catalog_import_csv(seller=shop, actor=owner, data=data)
    assert (summary.rows, summary.products, summary.variants, summary.units) == (3, 2, 3, 1512)
    kaos = Product.objects.get(title="Kaos Katun Lengan Pendek")
    assert kaos.status == "draft" and kaos.seller == shop and kaos.category == clothing
    assert kaos.origin_country == "ID"
    variants = {v.sku: v for v in Variant.objects.filter(seller=shop)}
    assert variants["KAOS-M"].price == 75_000 and variants["KAOS-L"].price == 80_000
    assert variants["KAOS-L"].options == {"size": "L", "colour": "Merah"} and variants["KAOS-L"].product == kaos
    assert variants["TOPI-1"].is_active is False and variants["TOPI-1"].options == {}
    assert Stock.objects.get(variant=variants["KAOS-L"], warehouse=warehouse).quantity == 1500
    assert StockMovement.objects.filter(stock__variant=variants["KAOS-M"], kind="restock", delta=12).exists()
    assert sorted(summary.product_ids) == sorted(Product.objects.filter(seller=shop).values_list("pk", flat=True))


def test_a_bad_last_row_imports_nothing(shop, owner, clothing, warehouse):
    rows = [{"product_ref": f"P{i}", "sku": f"SKU-{i}", "stock_quantity": "3"} for i in range(1, 30)]
    rows.append({"product_ref": "P30", "sku": "SKU-30", "price": "-5"})
    exc = _fails(shop, owner, csv_bytes(rows))
    assert _errors(exc) == {(31, "price")}
    assert "1 to" in str(exc.value.errors[0].message)
    assert exc.value.fields == {"rows.31.price": [exc.value.errors[0].message]}


def test_every_problem_is_reported_with_its_row_and_column(shop, owner, clothing, snacks, warehouse):
    variant_create(product=product_create(seller=shop, actor=owner, data=product_data(clothing)), actor=owner,
                   data=dict(VARIANT, sku="ADA-1"))
    data = csv_bytes([
        {"sku": "A-1", "price": "murah", "weight_grams": "0"},                                   # row 2
        {"sku": "A-1", "title": "Another title", "options": "size M"},                           # row 3
        {"product_ref": "B", "category": "no-such", "description_id": "", "sku": "ADA-1"},       # row 4
        {"product_ref": "C", "origin": "cross_border_direct", "origin_country": "CN", "sku": "C-1",
         "fob_value_usd": "dua"},                                                                # row 5
        {"product_ref": "D", "origin": "cross_border_direct", "origin_country": "CN", "sku": "D 1",
         "hs_code": "1234", "length_mm": "99999999999999999999999", "active": "maybe"},          # row 6
        {"product_ref": "", "sku": "E-1"},                                                       # row 7
        {"product_ref": "F", "sku": "F-1", "stock_quantity": "lots", "warehouse": "Gudang Lain"},  # row 8
        {"product_ref": "G", "sku": "G-1", "stock_quantity": "99999999"},                        # row 9
        {"product_ref": "H", "origin": "cross_border_direct", "origin_country": "CN", "sku": "H-1",
         "hs_code": "61091000"},                                                                 # row 10
    ])
    exc = _fails(shop, owner, data)
    assert _errors(exc) == {
        (2, "price"), (2, "weight_grams"), (3, "sku"), (3, "title"), (3, "options"), (4, "category"),
        (4, "description_id"), (4, "sku"), (5, "fob_value_usd"), (5, "hs_code"), (6, "sku"), (6, "hs_code"),
        (6, "length_mm"), (6, "active"), (7, "product_ref"), (8, "stock_quantity"), (8, "warehouse"),
        (9, "stock_quantity"), (10, "fob_value_usd"),
    }
    messages = {(e.row, e.column): str(e.message) for e in exc.value.errors}
    assert messages[(3, "sku")] == "This SKU is also on row 2."
    assert messages[(4, "sku")] == "Another of your products already uses this SKU."
    assert messages[(3, "title")].startswith("This differs from row 2")
    assert messages[(2, "price")] == "Enter a whole number."
    assert messages[(10, "fob_value_usd")] == "Cross-border products need their FOB value in US dollars."
    # Ordered by row, so the page reads top to bottom.
    assert [e.row for e in exc.value.errors] == sorted(e.row for e in exc.value.errors)


@pytest.mark.parametrize("data, expected", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" + bytes(range(256)) * 4, "UTF-8"),
    ("product_ref,sku\nA,B\n".encode("utf-16"), "UTF-8"),
    (b"product_ref,sku,price\nA,B,1\n", "missing"),
    (b"\x00\x00\x00", "not a CSV"),
    (b"   \r\n\r\n", "empty"),
    (b"sep=;\r\n", "missing"),
])
def test_malformed_files_are_refused_as_a_whole(shop, owner, data, expected):
    exc = _fails(shop, owner, data)
    assert expected in " ".join(str(e.message) for e in exc.value.errors)


def test_header_problems_name_their_columns(shop, owner, clothing):
    data = csv_bytes([{}], columns=("product_ref", "title", "title", "colour", "sku", "price"))
    exc = _fails(shop, owner, data)
    found = _errors(exc)
    assert (1, "title") in found and (1, "weight_grams") in found and (1, "category") in found
    assert any('Unknown column "colour"' in str(e.message) for e in exc.value.errors)


def test_limits_on_size_rows_and_quoting(shop, owner, clothing):
    assert "larger than 5 MB" in str(_fails(shop, owner, b"x" * (MAX_BYTES + 1)).value.errors[0].message)
    many = csv_bytes([{"product_ref": f"P{i}", "sku": f"S-{i}"} for i in range(MAX_ROWS + 1)])
    assert "more than 2,000 rows" in str(_fails(shop, owner, many).value.errors[0].message)
    broken = csv_bytes([{}]) + b'KAOS,pakaian,"unterminated\r\n'
    assert "Row 3 cannot be read" in str(_fails(shop, owner, broken).value.errors[0].message)
    extra = csv_bytes([{}]).rstrip(b"\r\n") + b",surplus\r\n"
    assert _errors(_fails(shop, owner, extra)) == {(2, "")}
    huge_cell = csv_bytes([{}, {"product_ref": "B", "sku": "B-1", "description_id": "x" * 200_000}])
    assert "Row 3 cannot be read" in str(_fails(shop, owner, huge_cell).value.errors[0].message)


def test_excels_delimiter_line_is_understood(shop, owner, clothing):
    data = b"sep=;\r\n" + csv_bytes([{"sku": "A-1"}, {"product_ref": "B", "sku": "B-1", "price": "x"}], delimiter=";")
    assert _errors(_fails(shop, owner, data)) == {(3, "price")}
    assert catalog_import_csv(seller=shop, actor=owner, data=b"sep=;\n" + csv_bytes([{}], delimiter=";")).variants == 1


def test_stock_needs_a_named_warehouse_when_there_are_several(shop, owner, clothing, warehouse, region_tree):
    from lapak.market.inventory.services import warehouse_create

    warehouse_create(organisation=shop, name="Gudang Dua", region=region_tree, street="Jl. Dua", postcode="10110")
    exc = _fails(shop, owner, csv_bytes([{"stock_quantity": "5"}]))
    assert _errors(exc) == {(2, "warehouse")}
    summary = catalog_import_csv(seller=shop, actor=owner, data=csv_bytes([{"stock_quantity": "5",
                                                                            "warehouse": warehouse.public_id}]))
    assert summary.units == 5 and Stock.objects.get(warehouse=warehouse).quantity == 5


def test_blank_trailing_rows_are_ignored_and_rows_keep_spreadsheet_numbers(shop, owner, clothing):
    data = csv_bytes([{"sku": "A-1"}, {"product_ref": "", "sku": "", "title": "", "category": "", "price": "",
                                        "options": "", "description_id": "", "weight_grams": "", "length_mm": "",
                                        "width_mm": "", "height_mm": "", "origin": ""},
                      {"product_ref": "B", "sku": "B-1", "price": "x"}])
    exc = _fails(shop, owner, data + b",,,,,\r\n")
    assert _errors(exc) == {(4, "price")}


def test_only_owners_and_managers_import(shop, owner, staff, manager, make_user, clothing):
    with pytest.raises(PermissionDenied):
        catalog_import_csv(seller=shop, actor=staff, data=csv_bytes([{}]))
    with pytest.raises(NotFound):
        catalog_import_csv(seller=shop, actor=make_user(), data=csv_bytes([{}]))
    assert Product.objects.count() == 0
    assert catalog_import_csv(seller=shop, actor=manager, data=csv_bytes([{}])).products == 1


def test_another_sellers_skus_do_not_clash(shop, owner, clothing, other_seller):
    other, organisation = other_seller
    catalog_import_csv(seller=organisation, actor=other, data=csv_bytes([{"sku": "SAME-1"}]))
    assert catalog_import_csv(seller=shop, actor=owner, data=csv_bytes([{"sku": "SAME-1"}])).variants == 1


def test_a_sku_taken_after_the_checks_rolls_the_whole_file_back(shop, owner, clothing, monkeypatch):
    """The competing write is injected between the checks and the writes (what a concurrent editor could do):
    the variant service refuses the SKU inside the import's transaction, and everything already written rolls
    back."""
    original = imports_module._write

    def competing_then_write(*args, **kwargs):
        product = product_create(seller=shop, actor=owner, data=product_data(clothing, title="Dibuat duluan"))
        variant_create(product=product, actor=owner, data=dict(VARIANT, sku="LAST-1"))
        return original(*args, **kwargs)

    monkeypatch.setattr(imports_module, "_write", competing_then_write)
    rows = [{"product_ref": f"P{i}", "sku": f"OK-{i}"} for i in range(5)] + [{"product_ref": "Z", "sku": "LAST-1"}]
    with pytest.raises(CsvImportFailed) as exc:
        catalog_import_csv(seller=shop, actor=owner, data=csv_bytes(rows))
    assert _errors(exc) == {(7, "sku")}
    assert list(Product.objects.values_list("title", flat=True)) == ["Dibuat duluan"]
    assert list(Variant.objects.values_list("sku", flat=True)) == ["LAST-1"]


def test_the_template_file_imports_as_it_is(shop, owner, clothing, warehouse):
    summary = catalog_import_csv(seller=shop, actor=owner, data=template_csv().encode("utf-8"))
    assert (summary.products, summary.variants, summary.units) == (1, 1, 10)


@pytest.mark.django_db(transaction=True)
def test_two_imports_racing_for_one_sku_one_wins_whole(shop, owner, manager, clothing):
    """Both files pass the checks at the same moment; the SKU constraint lets one writer have SKU-SHARED and the
    other's file is rolled back entirely (with the row named), whichever thread gets there first."""
    from lapak.core.testing import race

    mine = csv_bytes([{"product_ref": f"A{i}", "sku": f"A-{i}"} for i in range(20)] + [{"sku": "SKU-SHARED"}])
    theirs = csv_bytes([{"product_ref": f"B{i}", "sku": f"B-{i}"} for i in range(20)] + [{"sku": "SKU-SHARED"}])
    outcomes = race(lambda: catalog_import_csv(seller=shop, actor=owner, data=mine),
                    lambda: catalog_import_csv(seller=shop, actor=manager, data=theirs))
    failed = [o for o in outcomes if isinstance(o, CsvImportFailed)]
    assert len(failed) == 1, outcomes
    assert {(e.row, e.column) for e in failed[0].errors} == {(22, "sku")}
    winner = "A-" if failed[0] is outcomes[1] else "B-"
    skus = set(Variant.objects.values_list("sku", flat=True))
    assert skus == {f"{winner}{i}" for i in range(20)} | {"SKU-SHARED"}
    assert Product.objects.count() == 21


HEADER = ",".join(COLUMN_NAMES).encode() + b"\r\n"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.binary(max_size=400), st.text(alphabet=',;"\r\n\x00\ufeff aZ19.-:|_=', max_size=300)))
def test_whatever_the_file_holds_it_imports_or_is_refused_cleanly(shop, owner, clothing, body):
    """No input makes the import fail other than with CsvImportFailed (the page's error table, never a 500)."""
    raw = body if isinstance(body, bytes) else body.encode()
    for data in (raw, HEADER + raw):
        try:
            catalog_import_csv(seller=shop, actor=owner, data=data)
        except CsvImportFailed as exc:
            assert exc.errors and all(isinstance(e.row, int) for e in exc.errors)
