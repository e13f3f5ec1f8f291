"""Shared ground for order and placement tests (fixtures registered by naming them in a conftest): two verified
shops selling three listings, couriers, a buyer with an address in Bandung (Jawa → Jawa routes) and one in
Jayapura (which some couriers do not serve), and a cart with lines from both shops."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lapak.accounts.tests.address_support import address_data

BANDUNG, BANDUNG_POSTCODE = "32.73.01.1001", "40111"
JAYAPURA, JAYAPURA_POSTCODE = "91.71.01.1001", "99111"
POSTCODES = {BANDUNG: BANDUNG_POSTCODE, JAYAPURA: JAYAPURA_POSTCODE}


@pytest.fixture
def places(region_tree):
    from lapak.regions.models import Region

    def make(code, level, kind, name, parent=None, postcode=""):
        region, _created = Region.objects.get_or_create(
            code=code, defaults={"digits": code.replace(".", ""), "level": level, "kind": kind, "name": name,
                                 "parent": parent, "postcode": postcode})
        return region

    west_java = make("32", 1, "provinsi", "Jawa Barat")
    city = make("32.73", 2, "kota", "Kota Bandung", west_java)
    district = make("32.73.01", 3, "kecamatan", "Sukajadi", city)
    make(BANDUNG, 4, "kelurahan", "Sukawarna", district, BANDUNG_POSTCODE)
    papua = make("91", 1, "provinsi", "Papua")
    city = make("91.71", 2, "kota", "Kota Jayapura", papua)
    district = make("91.71.01", 3, "kecamatan", "Jayapura Utara", city)
    make(JAYAPURA, 4, "kelurahan", "Tanjung Ria", district, JAYAPURA_POSTCODE)


@pytest.fixture
def couriers(db):
    from lapak.market.shipping.loading import couriers_load

    couriers_load()


def address_in(user, code=BANDUNG):
    """A saved address of `user` in the village `code`, with the village's own postcode (another test may have
    made the village first, with its real postcode)."""
    from lapak.accounts.services_addresses import address_create
    from lapak.regions.models import Region

    own = Region.objects.get(code=code).postcode
    return address_create(user=user, data=address_data(region_code=code, postcode=own or POSTCODES[code]))


@pytest.fixture
def address(buyer, places):
    return address_in(buyer)


@pytest.fixture
def market(catalogue, shops, couriers):
    """Toko Budi (the catalogue's shop: shirt 75,000 ×10 units, tea 120,000 ×50) and Toko Sari (batik 250,000
    ×5 units), both shipping from Gambir, Jakarta."""
    sari = shops("Toko Sari", 3)
    batik = sari.listing("Batik Tulis", 250_000, units=5)
    return SimpleNamespace(budi=catalogue.shop, budi_owner=catalogue.owner, sari=sari.org, sari_owner=sari.owner,
                           shirt=catalogue.variants["KAOS-M-MERAH"], tea=catalogue.tea.variants.get(), batik=batik,
                           sari_shop=sari)


def fill(user, *items) -> object:
    """Put (variant, quantity) pairs in the user's cart through the cart services."""
    from lapak.market.checkout.services import cart_line_add, cart_open

    cart = cart_open(user=user)
    for variant, quantity in items:
        cart_line_add(cart=cart, variant_id=variant.public_id, quantity=quantity)
    return cart


@pytest.fixture
def cart(buyer, market):
    """Two shirts and a tea from Toko Budi, one batik from Toko Sari: goods 520,000."""
    return fill(buyer, (market.shirt, 2), (market.tea, 1), (market.batik, 1))


def choices(market, courier=("jne", "REG")) -> dict:
    return {market.budi.public_id: courier, market.sari.public_id: courier}


@pytest.fixture
def place(buyer, address, market):
    """place(key="k1", **overrides) -> checkout_place for the buyer with JNE REG for both shops."""
    from lapak.market.checkout.services import checkout_place

    def run(key="k1", **overrides):
        args = {"buyer": buyer, "address_public_id": address.public_id, "shipping_choices": choices(market),
                "voucher_codes": [], "idempotency_key": key}
        args.update(overrides)
        return checkout_place(**args)

    return run
