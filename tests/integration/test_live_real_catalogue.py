"""Pins in a live against the real marketplace: the product's facts read through its public catalogue API,
in-process (WSGI transport). Social code never imports the marketplace; this test lives outside both packages so
it may build a verified shop and an active listing through the marketplace's own services."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.core.errors import ValidationFailed
from lapak.market.catalog.tests.conftest import active, clothing, draft, owner, shop  # noqa: F401
from lapak.market.sellers.tests.conftest import build, people, region_tree  # noqa: F401
from lapak.social.catalogue import catalogue_transport_set
from lapak.social.catalogue_in_process import catalogue_in_process
from lapak.social.models import LivePin
from lapak.social.services.live_pins import live_pin
from lapak.social.tests.live_support import account, creator, on_air

pytestmark = pytest.mark.django_db(databases=["default", "social"])


@pytest.fixture(autouse=True)
def marketplace(settings):
    settings.MARKETPLACE_API_URL = "http://testserver/api/v1"
    catalogue_in_process()  # the real API, called as the test client calls it (the test's connection stays open)
    try:
        yield
    finally:
        catalogue_transport_set(None)


@pytest.fixture(name="host")
def host_fixture(db):
    user = account("live-host@example.test", name="Sari Dewi")
    creator(user, handle="sarilive")
    return user


def test_the_host_pins_a_product_on_sale_with_the_catalogue_s_own_facts(host, request):
    product = request.getfixturevalue("active")
    live = on_air(host, voucher_code="LIVE10")
    pin = live_pin(actor=host.public_id, live_id=live.public_id, product_id=product.public_id)
    assert pin.title == product.title and pin.price_min == 75_000 and pin.seller_id == product.seller.public_id
    page = Client().get(f"/live/{live.public_id}/").content.decode()
    assert f'href="/go/live/{live.public_id}/{product.public_id}/"' in page and "LIVE10" in page


def test_a_product_not_on_sale_is_refused_and_nothing_is_pinned(host, request):
    product = request.getfixturevalue("draft")
    live = on_air(host)
    with pytest.raises(ValidationFailed) as refused:
        live_pin(actor=host.public_id, live_id=live.public_id, product_id=product.public_id)
    assert "product" in refused.value.fields
    assert not LivePin.objects.exists()
