"""The authorisation policy of the catalogue API, as data, checked against every endpoint the API publishes.

Each row is one operation; each column one kind of caller:

- anonymous: no token (401 on the seller side; public reads need none);
- buyer: a signed-in person with no shop (404 for shop A's objects);
- owner_a, manager_a: the owner and a manager of shop A, whose objects the paths name (allowed);
- staff_a: a staff member of A (reads yes, writes 403: staff do not decide what is on sale or in stock);
- owner_b: the owner of another shop (404: A's objects are not confirmed to exist);
- operator: platform staff, on the seller side a person with no shop (404);
- regulator: a regulator of Indonesia (403 on the seller side; the public reads are public).

Operations are read from the OpenAPI document, so an endpoint added without a row here fails the test. Every
call gets fresh objects to act on (a product in the state the step needs); a refused call must change nothing.
"""

from __future__ import annotations

import pytest

from lapak.compliance.models import Decision
from lapak.core.audit.models import AuditEvent
from lapak.core.testing import published_operations
from lapak.market.catalog.models import Certificate, Product, ProductImage, Variant
from lapak.market.catalog.tests.conftest import VARIANT
from lapak.market.catalog.tests.test_api_support import CALLERS, CERTIFICATE, C, call, cworld_fixture, error_of  # noqa: F401
from lapak.market.inventory.models import Stock, StockMovement, Warehouse
from lapak.market.sellers.tests.conftest import jpeg_bytes

SHOP = C + "/seller/{organisation_id}"
PRODUCTS = SHOP + "/products"
PRODUCT = PRODUCTS + "/{product_id}"

# Columns:  anonymous buyer owner_a manager_a staff_a owner_b operator regulator
PUBLIC = (200, 200, 200, 200, 200, 200, 200, 200)
READ = (401, 404, 200, 200, 200, 404, 404, 403)
WRITE = (401, 404, 200, 200, 403, 404, 404, 403)
CREATE = (401, 404, 201, 201, 403, 404, 404, 403)
DELETE = (401, 404, 204, 204, 403, 404, 404, 403)

MATRIX: dict[tuple[str, str], tuple[int, ...]] = {
    ("GET", C + "/categories"): PUBLIC,
    ("GET", C + "/categories/{slug}"): PUBLIC,
    ("GET", C + "/products"): PUBLIC,
    ("GET", C + "/products/{product_id}"): PUBLIC,
    ("GET", PRODUCTS): READ,
    ("POST", PRODUCTS): CREATE,
    ("GET", PRODUCT): READ,
    ("PATCH", PRODUCT): WRITE,
    ("POST", PRODUCT + "/variants"): CREATE,
    ("PATCH", PRODUCT + "/variants/{variant_id}"): WRITE,
    ("POST", PRODUCT + "/submit"): WRITE,
    ("POST", PRODUCT + "/pause"): WRITE,
    ("POST", PRODUCT + "/resume"): WRITE,
    ("POST", PRODUCT + "/remove"): WRITE,
    ("POST", PRODUCT + "/reopen"): WRITE,
    ("POST", PRODUCT + "/images"): CREATE,
    ("DELETE", PRODUCT + "/images/{image_id}"): DELETE,
    ("PUT", PRODUCT + "/certificates/{kind}"): WRITE,
    ("DELETE", PRODUCT + "/certificates/{kind}"): DELETE,
    ("GET", SHOP + "/warehouses"): READ,
    ("POST", SHOP + "/warehouses"): CREATE,
    ("GET", SHOP + "/stock"): READ,
    ("POST", SHOP + "/stock/restock"): WRITE,
    ("POST", SHOP + "/stock/adjust"): WRITE,
    ("GET", SHOP + "/stock/history"): READ,
}


def _product(state: str = "draft"):
    return lambda w: {"product_id": w.product(state).public_id}


def _with_variant(w) -> dict:
    product = w.product()
    return {"product_id": product.public_id, "variant_id": product.variants.get().public_id}


def _with_image(w) -> dict:
    product = w.product()
    return {"product_id": product.public_id, "image_id": w.image(product).public_id}


def _with_certificate(w) -> dict:
    product = w.product()
    w.certificate(product)
    return {"product_id": product.public_id, "kind": "bpom"}


def _stock_body(w) -> dict:
    return {"warehouse": w.warehouse.public_id, "variant": w.product().variants.get().public_id, "quantity": 5}


# How each operation is called: the path values it needs (fresh for every call), its JSON body, or a file.
SETUP: dict[tuple[str, str], dict] = {
    ("GET", C + "/categories/{slug}"): {"path": lambda w: {"slug": "pakaian"}},
    ("GET", C + "/products/{product_id}"): {"path": _product("active")},
    ("POST", PRODUCTS): {"json": lambda w: {"category": "pakaian", "title": "Kemeja Batik",
                                            "description_id": "Kemeja batik tulis."}},
    ("GET", PRODUCT): {"path": _product()},
    ("PATCH", PRODUCT): {"path": _product(), "json": lambda w: {"title": "Kaos Katun Premium"}},
    ("POST", PRODUCT + "/variants"): {"path": _product(), "json": lambda w: {**VARIANT, "sku": f"NEW-{w.serial}"}},
    ("PATCH", PRODUCT + "/variants/{variant_id}"): {"path": _with_variant, "json": lambda w: {"price": 80_000}},
    ("POST", PRODUCT + "/submit"): {"path": _product("draft")},
    ("POST", PRODUCT + "/pause"): {"path": _product("active")},
    ("POST", PRODUCT + "/resume"): {"path": _product("paused")},
    ("POST", PRODUCT + "/remove"): {"path": _product("draft")},
    ("POST", PRODUCT + "/reopen"): {"path": _product("refused")},
    ("POST", PRODUCT + "/images"): {"path": _product(), "file": True},
    ("DELETE", PRODUCT + "/images/{image_id}"): {"path": _with_image},
    ("PUT", PRODUCT + "/certificates/{kind}"): {"path": lambda w: {**_product()(w), "kind": "bpom"},
                                                "json": lambda w: dict(CERTIFICATE)},
    ("DELETE", PRODUCT + "/certificates/{kind}"): {"path": _with_certificate},
    ("POST", SHOP + "/warehouses"): {"json": lambda w: {"name": "Gudang Dua", "region_code": w.village.code,
                                                        "street": "Jl. Kebon Sirih 2", "postcode": "10110"}},
    ("POST", SHOP + "/stock/restock"): {"json": _stock_body},
    ("POST", SHOP + "/stock/adjust"): {"json": lambda w: {**_stock_body(w), "reason": "stock count"}},
}


def _published_operations() -> set[tuple[str, str]]:
    return published_operations(C + "/")


def test_every_published_operation_has_a_row_and_every_row_is_published(db):
    published = _published_operations()
    assert sorted(published - set(MATRIX)) == [], "add these operations to the authorisation matrix"
    assert sorted(set(MATRIX) - published) == [], "these rows name operations the API no longer has"
    assert all(len(row) == len(CALLERS) for row in MATRIX.values())


def _snapshot() -> tuple:
    """What a refused call could have changed."""
    counts = tuple(model.objects.count() for model in (
        Product, Variant, ProductImage, Certificate, Warehouse, Stock, StockMovement, AuditEvent, Decision))
    return (*counts,
            tuple(Product.objects.order_by("pk").values_list("status", "title", "updated_at")),
            tuple(Variant.objects.order_by("pk").values_list("price", "updated_at")),
            tuple(Stock.objects.order_by("pk").values_list("quantity", flat=True)))


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX), ids=[f"{m} {p}" for m, p in sorted(MATRIX)])
def test_authorisation(cworld, method, template):
    w = cworld
    setup = SETUP.get((method, template), {})
    expected = dict(zip(CALLERS, MATRIX[(method, template)], strict=True))
    actual = {}
    for caller in sorted(CALLERS, key=lambda c: expected[c] < 300):  # refusals first
        path = w.path(template, **(setup["path"](w) if "path" in setup else {}))
        body = setup["json"](w) if "json" in setup else None
        before = _snapshot()
        response = call(method, path, w.headers[caller], json_body=body,
                        file=jpeg_bytes(size=(64, 48)) if setup.get("file") else None)
        actual[caller] = response.status_code
        if response.status_code >= 400:
            assert error_of(response)["code"]
            assert _snapshot() == before, f"the refused call of {caller} changed something"
            if caller in ("buyer", "owner_b", "operator"):
                assert w.shop.shop_name not in response.content.decode(), f"{caller} read shop A's name"
    assert actual == expected
