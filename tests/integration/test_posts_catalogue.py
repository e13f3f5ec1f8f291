"""Posts against the real marketplace: tags read through its public catalogue API, in-process (WSGI transport).

Social code never imports the marketplace; this test lives outside both packages so it may build a verified shop
and an active listing through the marketplace's own services, then watch social read them over HTTP.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.tests.conftest import active, clothing, draft, owner, shop  # noqa: F401
from lapak.market.sellers.tests.conftest import build, people, region_tree  # noqa: F401
from lapak.social.catalogue import catalogue_transport_set
from lapak.social.catalogue_in_process import catalogue_in_process
from lapak.social.models import Post, ProductTag
from lapak.social.services.posts import post_create, post_publish, post_tags_refresh
from lapak.social.tests.support_posts import creator_for, picture_bytes

pytestmark = pytest.mark.django_db(databases=["default", "social"])


@pytest.fixture(autouse=True)
def marketplace(settings, tmp_path):
    settings.MARKETPLACE_API_URL = "http://testserver/api/v1"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    catalogue_in_process()  # the real API, called as the test client calls it (the test's connection stays open)
    try:
        with translation.override("en"):
            yield
    finally:
        catalogue_transport_set(None)


@pytest.fixture(name="listing")
def listing_fixture(request):
    return request.getfixturevalue("active")


@pytest.fixture(name="unsubmitted")
def unsubmitted_fixture(request):
    return request.getfixturevalue("draft")


def _picture():
    return SimpleUploadedFile("p.jpg", picture_bytes(), content_type="image/jpeg")


def test_a_tag_copies_what_the_public_catalogue_shows(make_user, listing):
    user = make_user()
    creator_for(user)
    post = post_create(actor=user, upload=_picture(), caption="Kaos #katun", product_ids=[listing.public_id])
    tag = post.tags.get()
    assert (tag.product_id, tag.title, tag.price_min, tag.price_max) == (
        listing.public_id, "Kaos Katun Lengan Pendek", 75_000, 75_000)
    assert tag.seller_id == listing.seller.public_id and tag.seller_name == listing.seller.shop_name
    assert post_publish(actor=user, post=post).status == Post.Status.PUBLISHED


def test_a_product_not_on_sale_cannot_be_tagged(make_user, unsubmitted):
    user = make_user()
    creator_for(user)
    with pytest.raises(ValidationFailed) as caught:
        post_create(actor=user, upload=_picture(), caption="", product_ids=[unsubmitted.public_id])
    assert list(caught.value.fields) == ["tags.0"]
    assert Post.objects.count() == 0


def test_the_refresh_marks_a_paused_listing_unavailable(make_user, listing, request):
    from lapak.market.catalog.services import listing_transition

    seller = request.getfixturevalue("owner")
    user = make_user()
    creator_for(user)
    post_publish(actor=user, post=post_create(actor=user, upload=_picture(), caption="",
                                              product_ids=[listing.public_id]))
    listing_transition(product=listing, actor=seller, to="paused")
    assert post_tags_refresh()["unavailable"] == 1
    assert ProductTag.objects.get().available is False
