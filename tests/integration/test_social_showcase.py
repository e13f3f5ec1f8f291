"""A creator's showcase with real marketplace products: social reads them over the public catalogue API (the real
API, in-process), stores a snapshot, and refuses products that are not on sale. Outside the lapak package, so it
may build the catalogue with the marketplace's own fixtures while social's code still never imports market."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.tests import buyer_fixtures
from lapak.market.sellers.tests import conftest as sellers_fixtures
from lapak.social.models import ShowcaseItem
from lapak.social.services.showcase import showcase_add
from lapak.social.tests import support_creators, support_showcase
from lapak.social.tests.support_creators import become_creator

build, people, region_tree = sellers_fixtures.build, sellers_fixtures.people, sellers_fixtures.region_tree
catalogue = buyer_fixtures.catalogue
sms_outbox = support_creators.sms_outbox
marketplace_api = support_showcase.marketplace_api

pytestmark = pytest.mark.django_db(databases=["default", "social"])


def test_showcase_holds_real_products_and_refuses_drafts(catalogue, make_user, sms_outbox, marketplace_api):
    user = make_user()
    creator = become_creator(user, sms_outbox)
    shirt = showcase_add(creator=creator, product_id=catalogue.shirt.public_id)
    tea = showcase_add(creator=creator, product_id=catalogue.tea.public_id)
    assert (shirt.title, shirt.price_min, shirt.price_max) == ("Kaos Katun Lengan Pendek", 75_000, 85_000)
    assert shirt.seller_id == catalogue.shop.public_id and shirt.seller_name == "Toko Budi"
    assert shirt.image_url and shirt.available
    assert (shirt.position, tea.position) == (1, 2)
    with pytest.raises(ValidationFailed) as error:
        showcase_add(creator=creator, product_id=catalogue.draft.public_id)
    assert "product_id" in error.value.fields
    assert ShowcaseItem.objects.count() == 2

    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/creators/{creator.handle}/").content.decode()
    assert f'href="/go/showcase/{creator.public_id}/{catalogue.shirt.public_id}/"' in page
    assert "Rp75.000 – Rp85.000" in page
    tap = Client().get(f"/go/showcase/{creator.public_id}/{catalogue.shirt.public_id}/")
    assert tap.status_code == 302 and tap["Location"].startswith("/handoff/?t=")


def test_studio_and_api_add_a_real_product(catalogue, make_user, bearer, sms_outbox, marketplace_api):
    user = make_user()
    become_creator(user, sms_outbox)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    response = client.post("/studio/showcase/", {"product_id": catalogue.tea.public_id})
    assert response.status_code == 302
    added = Client().post("/api/v1/social/creators/me/showcase", {"product_id": catalogue.shirt.public_id},
                          content_type="application/json", **bearer(user))
    assert added.status_code == 201 and added.json()["title"] == "Kaos Katun Lengan Pendek"
    refused = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/v1/social/creators/me/showcase", {"product_id": catalogue.draft.public_id},
        content_type="application/json", **bearer(user))
    assert refused.status_code == 422 and "product_id" in refused.json()["error"]["fields"]
    assert [i.product_id for i in ShowcaseItem.objects.order_by("position")] == [catalogue.tea.public_id,
                                                                                 catalogue.shirt.public_id]
