"""Order fixtures: the cart's (two shops with stock, built through real services) plus support.py's."""

from lapak.market.checkout.tests import conftest as cart_fixtures
from lapak.market.orders.tests import support

build, people, region_tree, catalogue, buyer, other_buyer, shops, racing_db = (
    cart_fixtures.build, cart_fixtures.people, cart_fixtures.region_tree, cart_fixtures.catalogue,
    cart_fixtures.buyer, cart_fixtures.other_buyer, cart_fixtures.shops, cart_fixtures.racing_db)
places, couriers, address, market, cart, place = (
    support.places, support.couriers, support.address, support.market, support.cart, support.place)
