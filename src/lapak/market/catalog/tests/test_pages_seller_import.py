"""The CSV import page: the columns and a template to start from, the per-row error table when anything is
wrong (nothing saved), and a summary when the whole file went in."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lapak.market.catalog.models import Product, Variant
from lapak.market.catalog.services.imports_csv import COLUMN_NAMES, MAX_BYTES
from lapak.market.catalog.tests import seller_support
from lapak.market.catalog.tests.seller_support import client_for, csv_bytes, error_of, seller_url, text
from lapak.market.inventory.models import Stock

warehouse = seller_support.warehouse  # a shared fixture

pytestmark = pytest.mark.django_db


def _upload(client, shop, data: bytes, name: str = "produk.csv"):
    return client.post(seller_url("import", shop.public_id),
                       {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_the_page_explains_the_columns_and_offers_the_template(shop, owner, clothing, warehouse):
    client = client_for(owner)
    page = text(client.get(seller_url("import", shop.public_id)))
    for name in COLUMN_NAMES:
        assert f"<code>{name}</code>" in page
    assert "<code>pakaian</code>" in page and warehouse.public_id in page and 'id="import-form"' in page
    template = client.get(seller_url("import_template", shop.public_id))
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in template["Content-Disposition"]
    assert template.content.startswith("\ufeffproduct_ref,category".encode())


def test_a_good_file_is_imported_with_a_summary(shop, owner, clothing, warehouse):
    data = csv_bytes([{"sku": "KAOS-M", "stock_quantity": "4"}, {"sku": "KAOS-L", "title": ""},
                      {"product_ref": "TOPI", "title": "Topi Rajut", "sku": "TOPI-1"}], delimiter=";", bom=True)
    response = _upload(client_for(owner), shop, data)
    assert response.status_code == 200
    page = text(response)
    assert 'id="import-done"' in page and "2 products with 3 variants" in page and "4 units" in page
    for product in Product.objects.all():
        assert seller_url("product", shop.public_id, product.public_id) in page
        assert product.status == "draft"
    assert Stock.objects.get().quantity == 4


def test_a_file_with_a_bad_last_row_imports_nothing_and_lists_the_row(shop, owner, clothing):
    rows = [{"product_ref": f"P{i}", "sku": f"SKU-{i}"} for i in range(10)] + [{"product_ref": "X", "sku": "X-1",
                                                                               "weight_grams": "berat"}]
    response = _upload(client_for(owner), shop, csv_bytes(rows))
    assert response.status_code == 422
    table = text(response).split('id="import-errors"')[1].split("</table>")[0]
    assert "<td>12</td>" in table and "<code>weight_grams</code>" in table and "whole number" in table
    assert "1 problem was found" in text(response)
    assert not Product.objects.exists() and not Variant.objects.exists()


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "not UTF-8"),
    (b"\x00" * 100, "not a CSV text file"),
    (b"", "empty"),
    (b"nama,harga\nKaos,75000\n", "missing from the header row"),
])
def test_files_that_are_no_product_csv_are_refused_without_a_500(shop, owner, data, message):
    response = _upload(client_for(owner), shop, data)
    assert response.status_code == 422
    page = text(response)
    assert message in page and (
        'id="import-errors"' in page or "empty" in error_of(page, "file"))
    assert not Product.objects.exists()


def test_no_file_and_oversized_files_are_refused_before_reading(shop, owner):
    client = client_for(owner)
    missing = client.post(seller_url("import", shop.public_id), {})
    assert missing.status_code == 422 and error_of(text(missing), "file")
    just_over = _upload(client, shop, b"a" * (MAX_BYTES + 1))
    assert just_over.status_code == 422 and "larger than" in error_of(text(just_over), "file")
    far_over = _upload(client, shop, b"a" * (MAX_BYTES + 512 * 1024))
    assert far_over.status_code == 413
    assert not Product.objects.exists()


def test_the_error_table_is_in_the_pages_language(shop, owner, clothing):
    response = _upload(client_for(owner, "id"), shop, csv_bytes([{"price": "murah"}]))
    assert response.status_code == 422
    table = text(response).split('id="import-errors"')[1].split("</table>")[0]
    assert "Masukkan bilangan bulat." in table  # the catalogue's own message, translated
