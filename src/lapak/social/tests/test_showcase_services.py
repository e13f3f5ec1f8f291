"""The showcase without a real product (the happy path with one is in tests/integration): refusals store
nothing, an unreachable catalogue is said plainly, and the order is the creator's."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.core.errors import Conflict, NotFound, ValidationFailed
from lapak.core.ids import new_public_id
from lapak.social.models import ShowcaseItem
from lapak.social.services.showcase import CatalogueDown, showcase_add, showcase_move, showcase_reorder
from lapak.social.tests import support_creators, support_showcase
from lapak.social.tests.support_creators import become_creator
from lapak.social.tests.support_feed import NOW, creator_make

pytestmark = pytest.mark.django_db(databases=["default", "social"])
sms_outbox = support_creators.sms_outbox
marketplace_api, marketplace_down = support_showcase.marketplace_api, support_showcase.marketplace_down


def items(creator) -> list[str]:
    return list(ShowcaseItem.objects.filter(creator=creator).order_by("position").values_list("product_id", flat=True))


def test_an_unknown_product_is_a_field_error(marketplace_api):
    creator = creator_make("sari")
    with pytest.raises(ValidationFailed) as error:
        showcase_add(creator=creator, product_id=new_public_id("prd"))
    assert "product_id" in error.value.fields
    with pytest.raises(ValidationFailed):
        showcase_add(creator=creator, product_id="not-a-product")
    assert ShowcaseItem.objects.count() == 0


def test_a_catalogue_that_does_not_answer_stores_nothing(marketplace_down):
    creator = creator_make("sari")
    with pytest.raises(CatalogueDown) as error:
        showcase_add(creator=creator, product_id=new_public_id("prd"))
    assert error.value.status == 503
    assert ShowcaseItem.objects.count() == 0


def test_studio_page_shows_the_catalogue_error(make_user, sms_outbox, marketplace_down):
    user = make_user()
    become_creator(user, sms_outbox)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    response = client.post("/studio/showcase/", {"product_id": new_public_id("prd")})
    assert response.status_code == 503
    assert "catalogue is not answering" in response.content.decode()
    assert ShowcaseItem.objects.count() == 0


def test_a_product_is_in_a_showcase_once(marketplace_down):
    creator = creator_make("sari")
    product = new_public_id("prd")
    ShowcaseItem.objects.create(creator=creator, product_id=product, title="A", price_min=1, price_max=1,
                                seller_id="org_A", refreshed_at=NOW)
    with pytest.raises(Conflict):  # refused before the catalogue is even asked
        showcase_add(creator=creator, product_id=product)


def test_reorder_and_move():
    creator = creator_make("sari")
    for position, product in enumerate(["prd_01A", "prd_01B", "prd_01C"], start=1):
        ShowcaseItem.objects.create(creator=creator, product_id=product, title=product, price_min=1, price_max=1,
                                    seller_id="org_A", position=position, refreshed_at=NOW)
    showcase_reorder(creator=creator, product_ids=["prd_01B", "prd_01C", "prd_01A"])
    assert items(creator) == ["prd_01B", "prd_01C", "prd_01A"]
    for bad in (["prd_01B", "prd_01C"], ["prd_01B", "prd_01C", "prd_01A", "prd_01D"], ["prd_01B"] * 3):
        with pytest.raises(ValidationFailed):
            showcase_reorder(creator=creator, product_ids=bad)
    assert items(creator) == ["prd_01B", "prd_01C", "prd_01A"]
    showcase_move(creator=creator, product_id="prd_01A", offset=-1)
    assert items(creator) == ["prd_01B", "prd_01A", "prd_01C"]
    showcase_move(creator=creator, product_id="prd_01B", offset=-1)  # already first: stays
    assert items(creator) == ["prd_01B", "prd_01A", "prd_01C"]
    with pytest.raises(NotFound):
        showcase_move(creator=creator, product_id="prd_01Z", offset=1)


def test_studio_buttons_move_and_remove(make_user, sms_outbox):
    user = make_user()
    creator = become_creator(user, sms_outbox)
    for position, product in enumerate(["prd_01A", "prd_01B"], start=1):
        ShowcaseItem.objects.create(creator=creator, product_id=product, title=f"Barang {product}", price_min=10_000,
                                    price_max=10_000, seller_id="org_A", position=position, refreshed_at=NOW)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    page = client.get("/studio/showcase/").content.decode()
    assert "Barang prd_01A" in page and "Rp10.000" in page
    assert client.post("/studio/showcase/prd_01B/", {"action": "up"}).status_code == 302
    assert items(creator) == ["prd_01B", "prd_01A"]
    client.post("/studio/showcase/prd_01B/", {"action": "remove"})
    assert items(creator) == ["prd_01A"]
    other = Client()
    other.force_login(make_user())
    other.post("/studio/showcase/prd_01A/", {"action": "remove"})  # someone without a showcase
    assert items(creator) == ["prd_01A"]
