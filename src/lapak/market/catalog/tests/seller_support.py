"""Fixtures and helpers for the seller-centre catalogue tests: members in each role, a warehouse, CSV files.

Test modules import the fixtures they use from here (pytest finds fixtures in a module's namespace).
"""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.test import Client

from lapak.market.catalog.services.imports_csv import COLUMN_NAMES

CSV_ROW = {
    "product_ref": "KAOS", "category": "pakaian", "title": "Kaos Katun Lengan Pendek",
    "description_id": "Kaos katun nyaman untuk sehari-hari.", "description_en": "", "origin": "domestic",
    "origin_country": "", "hs_code": "", "fob_value_usd": "", "sku": "KAOS-M", "price": "75000",
    "options": "size: M | colour: Merah", "weight_grams": "250", "length_mm": "300", "width_mm": "200",
    "height_mm": "20", "active": "", "stock_quantity": "", "warehouse": "",
}


def csv_bytes(rows: list[dict], *, delimiter: str = ",", bom: bool = False, columns=COLUMN_NAMES) -> bytes:
    """A CSV file of `rows` (each a change to CSV_ROW) in `columns`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for change in rows:
        row = {**CSV_ROW, **change}
        writer.writerow([row.get(name, "") for name in columns])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def client_for(user, language: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def warehouse(shop, region_tree):
    from lapak.market.inventory.services import warehouse_create

    return warehouse_create(organisation=shop, name="Gudang Utama", region=region_tree, street="Jl. Merdeka 1",
                            postcode="10110")


@pytest.fixture
def staff(shop, owner, make_user):
    from lapak.market.sellers.services import member_add

    user = make_user(email="staff@example.test")
    member_add(organisation=shop, actor=owner, user=user, role="staff")
    return user


@pytest.fixture
def manager(shop, owner, make_user):
    from lapak.market.sellers.services import member_add

    user = make_user(email="manager@example.test")
    member_add(organisation=shop, actor=owner, user=user, role="manager")
    return user


@pytest.fixture
def other_seller(build, make_user):
    """A second verified shop with its own owner: (owner, organisation)."""
    from lapak.market.sellers.tests.conftest import NIK_WOMAN

    other = make_user(email="seller-b@example.test")
    application = build.verified(owner=other, shop="Toko B", nik=NIK_WOMAN, sex="F", account="5555666677")
    return other, application.organisation


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def error_of(html: str, field: str) -> str:
    """The inline errors shown under the field `field` (the page must have them)."""
    import re

    found = re.search(rf'<ul class="field__errors" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert found, f"no inline error for {field}"
    return found.group(1)


def seller_url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"catalog_seller:{name}", args=args)
