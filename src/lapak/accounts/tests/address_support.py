"""Shared ground for the address book tests (no tests here): a small real region tree and a valid address.

Import the fixture where needed: `from lapak.accounts.tests.address_support import regions_fixture  # noqa: F401`.
"""

from __future__ import annotations

import pytest

VILLAGE = "31.71.01.1001"  # Gambir, Jakarta Pusat
POSTCODE = "10110"
NO_POSTCODE_VILLAGE = "31.71.01.9901"  # made up (no real village has this code), with no postcode


@pytest.fixture(name="regions")
def regions_fixture(db):
    """Province > city > district > two villages (one without a postcode), and a second province."""
    from lapak.regions.models import Region

    def make(code, level, kind, name, parent=None, postcode=""):
        region, _created = Region.objects.get_or_create(
            code=code, defaults={"digits": code.replace(".", ""), "level": level, "kind": kind, "name": name,
                                 "parent": parent, "postcode": postcode})
        return region

    province = make("31", 1, "provinsi", "Daerah Khusus Ibukota Jakarta")
    city = make("31.71", 2, "kota_administrasi", "Kota Administrasi Jakarta Pusat", province)
    district = make("31.71.01", 3, "kecamatan", "Gambir", city)
    village = make(VILLAGE, 4, "kelurahan", "Gambir", district, POSTCODE)
    make(NO_POSTCODE_VILLAGE, 4, "kelurahan", "Desa Uji", district)
    make("32", 1, "provinsi", "Jawa Barat")
    return village


def address_data(**overrides) -> dict:
    data = {"label": "Rumah", "recipient_name": "Sari Wulandari", "phone": "0812-3456-7890",
            "region_code": VILLAGE, "street": "Jl. Medan Merdeka Barat No. 12, RT 01/RW 02", "postcode": POSTCODE}
    data.update(overrides)
    return data
