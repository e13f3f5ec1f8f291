"""shipping_quotes_many (added for checkout) answers exactly as shipping_quote does, route by route."""

from __future__ import annotations

import pytest

from lapak.market.shipping.tests import conftest as shipping_fixtures

couriers, villages = shipping_fixtures.couriers, shipping_fixtures.villages  # fixtures
pytestmark = pytest.mark.django_db


def test_many_routes_quote_as_one_route_each(villages, couriers, django_assert_max_num_queries):
    from lapak.market.shipping.quotes import shipping_quote, shipping_quotes_many

    parcels = {"light": [(250, 300, 200, 20)], "bulky": [(4_000, 600, 400, 400)], "two": [(900, 10, 10, 10)] * 2}
    for destination in ("gambir", "kemayoran", "bandung", "medan", "jayapura"):
        routes = {(origin, name): (villages[origin], parcel) for origin in ("gambir", "medan", "kebayoran")
                  for name, parcel in parcels.items()}
        with django_assert_max_num_queries(2):
            many = shipping_quotes_many(destination_region=villages[destination], routes=routes)
        for key, (origin, parcel) in routes.items():
            assert many[key] == shipping_quote(origin_region=origin, destination_region=villages[destination],
                                               parcels=parcel), (key, destination)


def test_bad_codes_are_refused_per_field(villages, couriers):
    from lapak.core.errors import ValidationFailed
    from lapak.market.shipping.quotes import shipping_quotes_many

    with pytest.raises(ValidationFailed) as caught:
        shipping_quotes_many(destination_region="31.71", routes={"a": (villages["gambir"], [(1, 1, 1, 1)])})
    assert caught.value.code == "region_not_village" and list(caught.value.fields) == ["destination"]
    with pytest.raises(ValidationFailed) as caught:
        shipping_quotes_many(destination_region=villages["gambir"], routes={"a": ("99.99.99.9999", [(1, 1, 1, 1)])})
    assert caught.value.code == "region_not_found" and list(caught.value.fields) == ["origin.a"]
