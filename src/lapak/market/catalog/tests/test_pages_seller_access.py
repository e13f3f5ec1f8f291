"""Who sees the seller-centre catalogue pages: members read, owners and managers write, staff only read,
everyone else (another seller, a stranger, an operator) gets 404, and every POST needs its CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.market.catalog.models import Certificate, Product, ProductImage, Variant
from lapak.market.catalog.services import certificate_set, product_image_add
from lapak.market.catalog.tests import seller_support
from lapak.market.catalog.tests.seller_support import client_for, seller_url, text
from lapak.market.inventory.models import Stock, Warehouse
from lapak.market.sellers.tests.conftest import jpeg_bytes

manager, media, other_seller, staff, warehouse = (
    seller_support.manager, seller_support.media, seller_support.other_seller, seller_support.staff,
    seller_support.warehouse)  # shared fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(shop, owner, draft, warehouse, media):
    variant = draft.variants.get()
    image = product_image_add(product=draft, actor=owner, data=jpeg_bytes())
    certificate_set(product=draft, actor=owner, kind="halal", number="ID31110000123450223")
    return draft, variant, image


def _reads(org, product, variant):
    return [seller_url("products", org), seller_url("product_new", org), seller_url("product", org, product),
            seller_url("variant", org, product, variant), seller_url("warehouses", org), seller_url("stock", org),
            seller_url("history", org), seller_url("history", org) + f"?variant={variant}", seller_url("import", org),
            seller_url("import_template", org)]


def _writes(org, product, variant, image, warehouse):
    return [
        (seller_url("product_new", org), {"title": "Baru", "category": "pakaian", "description_id": "Ada",
                                          "origin": "domestic"}),
        (seller_url("product", org, product), {"title": "Diganti", "category": "pakaian", "description_id": "Ada",
                                               "origin": "domestic"}),
        (seller_url("variant_add", org, product), {"sku": "BARU-1", "price": "1000", "weight_grams": "1",
                                                   "length_mm": "1", "width_mm": "1", "height_mm": "1"}),
        (seller_url("variant", org, product, variant), {"sku": "DIGANTI", "price": "1000", "weight_grams": "1",
                                                        "length_mm": "1", "width_mm": "1", "height_mm": "1"}),
        (seller_url("image_remove", org, product, image), {}),
        (seller_url("certificate_add", org, product), {"kind": "sni", "number": "SNI-1234-2020"}),
        (seller_url("certificate_remove", org, product, "halal"), {}),
        (seller_url("listing", org, product), {"to": "removed"}),
        (seller_url("warehouses", org), {"name": "Gudang X", "street": "Jl. X", "pickup_region_code": "31.71.01.1001",
                                         "pickup_postcode": "10110"}),
        (seller_url("stock", org), {"variant": variant, "warehouse": warehouse, "action": "restock",
                                    "quantity": "5"}),
        (seller_url("import", org), {}),
    ]


def _snapshot():
    return (list(Product.objects.values_list("title", "status")), list(Variant.objects.values_list("sku", flat=True)),
            ProductImage.objects.count(), list(Certificate.objects.values_list("kind", flat=True)),
            Warehouse.objects.count(), list(Stock.objects.values_list("quantity", flat=True)))


def test_members_read_every_page(shop, owner, staff, manager, stocked):
    product, variant, _image = stocked
    for user in (owner, manager, staff):
        client = client_for(user)
        for url in _reads(shop.public_id, product.public_id, variant.public_id):
            response = client.get(url)
            if user is staff and url.endswith(("/new/", f"/variants/{variant.public_id}/")):
                assert response.status_code == 403, url  # forms staff could never send
            else:
                assert response.status_code == 200, (user, url)


def test_outsiders_get_404_and_change_nothing(shop, stocked, warehouse, make_user, other_seller):
    product, variant, image = stocked
    operator = make_user(email="ops@example.test", roles=["operator"])
    before = _snapshot()
    org = shop.public_id
    for user in (other_seller[0], make_user(email="nobody@example.test"), operator):
        client = client_for(user)
        for url in _reads(org, product.public_id, variant.public_id):
            assert client.get(url).status_code == 404, (user, url)
        for url, data in _writes(org, product.public_id, variant.public_id, image.public_id, warehouse.public_id):
            assert client.post(url, data).status_code == 404, (user, url)
    assert _snapshot() == before


def test_another_shops_things_under_my_shops_address_are_404(shop, owner, stocked, other_seller, clothing):
    """Even a member of both shops cannot reach shop B's product through shop A's pages."""
    from lapak.market.catalog.services import product_create
    from lapak.market.catalog.tests.conftest import product_data
    from lapak.market.sellers.services import member_add

    other, organisation = other_seller
    theirs = product_create(seller=organisation, actor=other, data=product_data(clothing, title="Punya B"))
    member_add(organisation=organisation, actor=other, user=owner, role="manager")
    client = client_for(owner)
    assert client.get(seller_url("product", shop.public_id, theirs.public_id)).status_code == 404
    assert client.post(seller_url("listing", shop.public_id, theirs.public_id), {"to": "removed"}).status_code == 404
    assert client.get(seller_url("product", organisation.public_id, theirs.public_id)).status_code == 200
    assert Product.objects.get(pk=theirs.pk).status == "draft"


def test_staff_cannot_write_anything(shop, staff, stocked, warehouse):
    product, variant, image = stocked
    before = _snapshot()
    client = client_for(staff)
    for url, data in _writes(shop.public_id, product.public_id, variant.public_id, image.public_id,
                             warehouse.public_id):
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert 'id="forbidden-reason"' in text(response)
    assert _snapshot() == before
    page = text(client.get(seller_url("product", shop.public_id, product.public_id)))
    assert 'id="product-view"' in page and 'id="product-form"' not in page and 'id="listing-actions"' not in page
    assert 'id="read-only"' in page
    assert 'name="quantity"' not in text(client.get(seller_url("stock", shop.public_id)))
    assert 'id="import-form"' not in text(client.get(seller_url("import", shop.public_id)))


def test_every_post_needs_its_csrf_token(shop, owner, stocked, warehouse):
    product, variant, image = stocked
    before = _snapshot()
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    for url, data in _writes(shop.public_id, product.public_id, variant.public_id, image.public_id,
                             warehouse.public_id):
        assert client.post(url, data).status_code == 403, url
    assert _snapshot() == before


def test_the_seller_centre_links_to_the_catalogue_pages(shop, owner):
    page = text(client_for(owner).get("/seller/"))
    assert f'id="catalog-links-{shop.public_id}"' in page
    assert seller_url("products", shop.public_id) in page and seller_url("import", shop.public_id) in page


def test_anonymous_visitors_are_sent_to_sign_in(shop, stocked):
    product, variant, _image = stocked
    for url in _reads(shop.public_id, product.public_id, variant.public_id):
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"], url
