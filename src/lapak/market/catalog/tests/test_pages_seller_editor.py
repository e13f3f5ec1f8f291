"""The editor's pictures, certificates and listing actions: the services judge, the page shows why."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lapak.market.catalog.models import Certificate, Product, ProductImage
from lapak.market.catalog.services import product_create, variant_create
from lapak.market.catalog.tests import seller_support
from lapak.market.catalog.tests.conftest import VARIANT, deny_with, product_data
from lapak.market.catalog.tests.seller_support import client_for, error_of, seller_url, text
from lapak.market.sellers.tests.conftest import PDF_BYTES, jpeg_bytes

media = seller_support.media  # a shared fixture

pytestmark = pytest.mark.django_db


def test_pictures_are_added_and_removed_and_non_pictures_refused(shop, owner, draft, media):
    client = client_for(owner)
    url = seller_url("image_add", shop.public_id, draft.public_id)
    refused = client.post(url, {"image": SimpleUploadedFile("photo.jpg", PDF_BYTES, content_type="image/jpeg")})
    assert refused.status_code == 422 and error_of(text(refused), "image")
    empty = client.post(url, {})
    assert empty.status_code == 422 and error_of(text(empty), "image")
    assert not ProductImage.objects.exists()
    added = client.post(url, {"image": SimpleUploadedFile("a.jpg", jpeg_bytes(size=(2400, 1200)))})
    assert added.status_code == 302
    image = ProductImage.objects.get()
    assert (image.width, image.height) == (1600, 800)
    assert image.thumbnail.url in text(client.get(seller_url("product", shop.public_id, draft.public_id)))
    removed = client.post(seller_url("image_remove", shop.public_id, draft.public_id, image.public_id))
    assert removed.status_code == 302 and not ProductImage.objects.exists()
    assert client.post(seller_url("image_remove", shop.public_id, draft.public_id, "img_nope")).status_code == 404


def test_an_oversized_upload_is_refused_before_it_is_read(shop, owner, draft, settings, media):
    settings.SELLER_UPLOAD_MAX_BYTES = 50_000
    response = client_for(owner).post(seller_url("image_add", shop.public_id, draft.public_id),
                                      {"image": SimpleUploadedFile("big.jpg", b"\xff" * 400_000)})
    assert response.status_code == 413
    just_over = client_for(owner).post(seller_url("image_add", shop.public_id, draft.public_id),
                                       {"image": SimpleUploadedFile("big.jpg", b"\xff" * 60_000)})
    assert just_over.status_code == 422 and "larger than" in error_of(text(just_over), "image")
    assert not ProductImage.objects.exists()


@pytest.mark.parametrize("data, field, message", [
    ({"kind": "bpom", "number": "12345"}, "number", "BPOM number"),
    ({"kind": "halal", "number": "<script>alert(1)</script>"}, "number", "BPJPH"),
    ({"kind": "halal", "number": "ID31110000123450223", "expires_on": "2001-01-01"}, "expires_on", "expired"),
    ({"kind": "halal", "number": "ID31110000123450223", "expires_on": "31-31-2031"}, "expires_on", "valid date"),
    ({"kind": "halal", "number": "ID31110000123450223", "issuer": "x" * 121}, "issuer", "120"),
    ({"kind": "gold", "number": "1"}, "kind", "valid choice"),
])
def test_bad_certificates_are_shown_beside_their_fields(shop, owner, draft, data, field, message):
    response = client_for(owner).post(seller_url("certificate_add", shop.public_id, draft.public_id), data)
    assert response.status_code == 422
    assert message in error_of(text(response), field)
    assert not Certificate.objects.exists()


def test_a_certificate_is_set_and_removed(shop, owner, draft):
    client = client_for(owner)
    expiry = (date.today() + timedelta(days=365)).isoformat()
    response = client.post(seller_url("certificate_add", shop.public_id, draft.public_id),
                           {"kind": "bpom", "number": "BPOM RI MD 123456789012", "issuer": "BPOM",
                            "expires_on": expiry})
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert (certificate.number, certificate.expires_on.isoformat()) == ("MD123456789012", expiry)
    assert "MD123456789012" in text(client.get(seller_url("product", shop.public_id, draft.public_id)))
    client.post(seller_url("certificate_remove", shop.public_id, draft.public_id, "bpom"))
    assert not Certificate.objects.exists()
    assert client.post(seller_url("certificate_remove", shop.public_id, draft.public_id, "gold")).status_code == 404


def test_submitting_an_incomplete_listing_says_what_is_missing(shop, owner, snacks):
    product = product_create(seller=shop, actor=owner, data=product_data(snacks, title="Keripik Singkong"))
    client = client_for(owner)
    page = text(client.get(seller_url("product", shop.public_id, product.public_id)))
    assert 'id="missing-certificates"' in page and "BPOM, HALAL" in page
    response = client.post(seller_url("listing", shop.public_id, product.public_id), {"to": "submitted"})
    assert response.status_code == 422
    problems = text(response).split('id="listing-errors"')[1].split("</div>")[0]
    assert "BPOM certificate" in problems and "HALAL certificate" in problems and "at least one variant" in problems
    assert Product.objects.get(pk=product.pk).status == "draft"


def test_the_listing_goes_live_pauses_resumes_and_is_removed(shop, owner, draft):
    client = client_for(owner)
    url = seller_url("listing", shop.public_id, draft.public_id)
    for target, landing in (("submitted", "active"), ("paused", "paused"), ("active", "active"),
                            ("removed", "removed")):
        assert client.post(url, {"to": target}).status_code == 302, target
        assert Product.objects.get(pk=draft.pk).status == landing
    page = text(client.get(seller_url("product", shop.public_id, draft.public_id)))
    assert 'id="listing-actions"' not in page and 'id="product-form"' not in page


def test_a_step_the_state_does_not_allow_is_refused_in_the_page(shop, owner, draft):
    client = client_for(owner)
    for target in ("paused", "active", "nonsense", ""):
        response = client.post(seller_url("listing", shop.public_id, draft.public_id), {"to": target})
        assert response.status_code in (409, 422), target
        assert 'id="listing-errors"' in text(response)
    assert Product.objects.get(pk=draft.pk).status == "draft"


def test_a_compliance_refusal_shows_its_reasons(shop, owner, draft, monkeypatch):
    monkeypatch.setattr("lapak.market.catalog.services.listing.compliance_decide",
                        deny_with("Cross-border price floor not met."))
    client = client_for(owner)
    response = client.post(seller_url("listing", shop.public_id, draft.public_id), {"to": "submitted"}, follow=True)
    page = text(response)
    assert Product.objects.get(pk=draft.pk).status == "refused"
    assert 'id="refusal-reasons"' in page and "Cross-border price floor not met." in page
    id_page = text(client_for(owner, "id").get(seller_url("product", shop.public_id, draft.public_id)))
    assert "Produk tidak diizinkan." in id_page


def test_an_unverified_shop_keeps_drafts_but_cannot_publish(build, people, clothing):
    organisation = build.individual().organisation
    owner = people.owner
    product = product_create(seller=organisation, actor=owner, data=product_data(clothing))
    variant_create(product=product, actor=owner, data=dict(VARIANT))
    response = client_for(owner).post(seller_url("listing", organisation.public_id, product.public_id),
                                      {"to": "submitted"})
    assert response.status_code == 403
    assert "not been verified" in text(response).split('id="listing-errors"')[1]
    assert Product.objects.get(pk=product.pk).status == "draft"
