"""The public catalogue API: the category tree, search and browse, one listing; only public listings ever."""

from __future__ import annotations

import pytest
from django.conf import settings

from lapak.market.catalog.models import Category
from lapak.market.catalog.tests.test_api_support import C, call, cworld_fixture, error_of  # noqa: F401
from lapak.market.sellers.tests.conftest import NIK_WOMAN

NOBODY: dict = {}


@pytest.fixture
def tree(clothing, snacks):
    """pakaian > kaos; an inactive root "lama" with an active child "lama-anak" (hidden with its parent)."""
    kaos = Category.objects.create(slug="kaos", name_id="Kaos", name_en="T-shirts", parent=clothing)
    old = Category.objects.create(slug="lama", name_id="Lama", name_en="Old", is_active=False)
    Category.objects.create(slug="lama-anak", name_id="Anak Lama", name_en="Old child", parent=old)
    return kaos


def test_category_tree_in_both_languages(tree):
    english = call("GET", C + "/categories", NOBODY, language="en")
    assert english.status_code == 200
    roots = english.json()
    assert [r["slug"] for r in roots] == ["makanan-ringan", "pakaian"]
    snacks, clothing = roots
    assert (snacks["required_certificates"], snacks["halal_food"]) == (["bpom", "halal"], True)
    assert snacks["children"] == [] and [c["slug"] for c in clothing["children"]] == ["kaos"]
    assert (clothing["name"], clothing["name_id"], clothing["name_en"]) == ("Clothing", "Pakaian", "Clothing")
    indonesian = call("GET", C + "/categories", NOBODY, language="id").json()
    assert indonesian[1]["name"] == "Pakaian" and indonesian[1]["children"][0]["name"] == "Kaos"


def test_category_detail_with_its_path(tree):
    response = call("GET", C + "/categories/kaos", NOBODY)
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "kaos" and body["name"] == "T-shirts"
    assert [step["slug"] for step in body["path"]] == ["pakaian"]
    for slug in ("nope", "lama", "lama-anak"):  # unknown, inactive, under an inactive parent
        missing = call("GET", C + f"/categories/{slug}", NOBODY)
        assert missing.status_code == 404 and error_of(missing)["code"] == "category_not_found", slug


def test_listing_detail_shows_variants_stock_images_certificates(cworld, django_assert_max_num_queries):
    from lapak.market.catalog.services import variant_create, variant_update
    from lapak.market.inventory.services import stock_restock

    w = cworld
    product = w.product("active", description_en="Comfortable cotton tee.")
    stocked = product.variants.get()
    empty = variant_create(product=product, actor=w.owner,
                           data={"sku": "KAOS-L", "price": 85_000, "options": {"size": "L"}, "weight_grams": 260,
                                 "length_mm": 300, "width_mm": 200, "height_mm": 20})
    hidden = variant_create(product=product, actor=w.owner,
                            data={"sku": "KAOS-XL", "price": 95_000, "weight_grams": 270, "length_mm": 300,
                                  "width_mm": 200, "height_mm": 20})
    variant_update(variant=hidden, actor=w.owner, data={"is_active": False})
    stock_restock(variant=stocked, warehouse=w.warehouse, quantity=7, actor="test")
    image = w.image(product)
    w.certificate(product, "bpom")

    with django_assert_max_num_queries(3):  # the listing in one query, availability in one
        response = call("GET", C + f"/products/{product.public_id}", NOBODY, language="id")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == product.public_id and body["title"] == "Kaos Katun Lengan Pendek"
    assert body["description_en"] == "Comfortable cotton tee."
    assert body["seller"] == {"id": w.shop.public_id, "shop_name": "Toko Budi", "shop_slug": w.shop.shop_slug,
                              "province_code": "31", "province_name": "Daerah Khusus Ibukota Jakarta"}
    assert body["origin"]["kind"] == "domestic" and body["origin"]["country"] == "ID"
    assert body["category"]["slug"] == "pakaian" and body["category"]["name"] == "Pakaian"
    assert (body["price_min"], body["price_max"]) == (75_000, 85_000)
    variants = {v["sku"]: v for v in body["variants"]}
    assert set(variants) == {stocked.sku, "KAOS-L"}  # the inactive one is not offered
    assert (variants[stocked.sku]["available"], variants[stocked.sku]["in_stock"]) == (7, True)
    assert (variants["KAOS-L"]["available"], variants["KAOS-L"]["in_stock"]) == (0, False)
    assert variants[stocked.sku]["options"] == {"size": "M", "colour": "Merah"}
    assert variants[stocked.sku]["price_display"] == "Rp75.000"
    assert variants["KAOS-L"]["id"] == empty.public_id
    [picture] = body["images"]
    assert picture["id"] == image.public_id and picture["url"].startswith(settings.MEDIA_URL)
    assert picture["thumbnail_url"].startswith(settings.MEDIA_URL + "catalog/thumbs/")
    [certificate] = body["certificates"]
    assert (certificate["kind"], certificate["number"], certificate["expires_on"], certificate["expired"]) == (
        "bpom", "MD123456789012", "2099-12-31", False)


def _second_verified_shop(w, build, make_user):
    owner = make_user(email="siti@example.test")
    application = build.verified(owner=owner, nik=NIK_WOMAN, sex="F", full_name="Siti Aminah",
                                 holder="SITI AMINAH", account="5566778899", shop="Toko Siti")
    return application.organisation, owner


def test_only_public_listings_are_shown(cworld, build, make_user):
    from lapak.market.catalog.search import search_documents_refresh_seller
    from lapak.market.catalog.services import listing_transition, product_create, variant_create
    from lapak.market.catalog.tests.conftest import VARIANT, product_data
    from lapak.market.sellers.models import SellerOrganisation

    w = cworld
    public = w.product("active", title="Kaos Tampil")
    hidden = {state: w.product(state, title=f"Kaos {state}")
              for state in ("draft", "submitted", "refused", "paused", "removed")}
    # A listing that was active when its seller was verified, then the seller lost verification: no service
    # suspends a shop yet, so the status is set here and the index told, as that service will do.
    shop_c, owner_c = _second_verified_shop(w, build, make_user)
    revoked = product_create(seller=shop_c, actor=owner_c, data=product_data(w.clothing, title="Kaos Dicabut"))
    variant_create(product=revoked, actor=owner_c, data={**VARIANT, "sku": "C-1"})
    assert listing_transition(product=revoked, actor=owner_c, to="submitted").status == "active"
    SellerOrganisation.objects.filter(pk=shop_c.pk).update(status="unverified")
    search_documents_refresh_seller(seller_id=shop_c.pk)
    hidden["unverified seller"] = revoked
    hidden["unverified seller's draft"] = w.other_product

    assert call("GET", C + f"/products/{public.public_id}", NOBODY).status_code == 200
    for why, product in hidden.items():
        response = call("GET", C + f"/products/{product.public_id}", w.headers["owner_a"])
        assert response.status_code == 404, why
        assert error_of(response)["code"] == "product_not_found"
        assert product.title not in response.content.decode()
    for params in ("", "?q=kaos", "?q=kaos&category=pakaian&sort=price_asc", "?category=pakaian&limit=60"):
        found = call("GET", C + "/products" + params, NOBODY)
        assert found.status_code == 200, found.content
        assert [hit["id"] for hit in found.json()["items"]] == [public.public_id], params


def test_search_answers_hits_facets_and_pages(cworld):
    w = cworld
    first = w.product("active", title="Kaos Polos Hitam")
    second = w.product("active", title="Kaos Polos Putih")
    w.image(second)
    response = call("GET", C + "/products?q=kaos%20polos&limit=1&sort=newest", NOBODY)
    assert response.status_code == 200
    page = response.json()
    assert page["total"] == 2 and page["total_capped"] is False
    [hit] = page["items"]
    assert hit["id"] == second.public_id and hit["price_min"] == 75_000 and hit["price_display"] == "Rp75.000"
    assert hit["seller"]["shop_name"] == "Toko Budi" and hit["category"] == "pakaian"
    assert hit["thumbnail_url"].startswith(settings.MEDIA_URL)
    assert {f["value"]: f["count"] for f in page["facets"]["category"]} == {"pakaian": 2}
    after = call("GET", C + f"/products?q=kaos%20polos&limit=1&sort=newest&after={page['next_cursor']}", NOBODY)
    assert after.status_code == 200, after.content
    assert [h["id"] for h in after.json()["items"]] == [first.public_id]
    assert after.json()["items"][0]["thumbnail_url"] is None


@pytest.mark.parametrize(("query", "field"), [
    ("price_min=-5", "price_min"), ("price_min=abc", "price_min"), ("price_max=99999999999999999", "price_max"),
    ("price_min=500&price_max=100", "price_max"), ("category=tidak-ada", "category"), ("limit=0", "limit"),
    ("limit=1000", "limit"), ("sort=cheapest", "sort"), ("halal=maybe", "halal"), ("after=garbage", "after"),
    ("province=99", "province"),
])
def test_bad_search_parameters_are_named(clothing, query, field):
    response = call("GET", C + "/products?" + query, NOBODY)
    assert response.status_code == 422, response.content
    error = error_of(response)
    assert error["code"] == "validation_error" and field in error["fields"]
