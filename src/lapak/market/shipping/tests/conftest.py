"""Fixtures for the shipping tests: a few villages in several provinces, and the shipped courier data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import translation

from lapak.market.shipping.adapters.base import Contact

# (village code, name): each village with its province, regency and district made above it.
VILLAGES = {
    "gambir": ("31.71.01.1001", "Gambir"),  # Kota Jakarta Pusat
    "kemayoran": ("31.71.03.1001", "Kemayoran"),  # same city, another district
    "kebayoran": ("31.74.01.1001", "Senayan"),  # Jakarta Selatan: same province, another city
    "bandung": ("32.73.01.1001", "Sukaluyu"),  # Jawa Barat
    "medan": ("12.71.01.1001", "Medan Kota"),  # Sumatra
    "jayapura": ("91.71.01.1001", "Jayapura Utara"),  # Papua
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def villages(db):
    from lapak.regions.models import Region

    def make(code, level, kind, name, parent=None):
        region, _created = Region.objects.get_or_create(
            code=code, defaults={"digits": code.replace(".", ""), "level": level, "kind": kind, "name": name,
                                 "parent": parent})
        return region

    made = {}
    for key, (code, name) in VILLAGES.items():
        parts = code.split(".")
        province = make(parts[0], 1, "provinsi", f"Provinsi {parts[0]}")
        regency = make(".".join(parts[:2]), 2, "kota", f"Kota {parts[1]}", province)
        district = make(".".join(parts[:3]), 3, "kecamatan", f"Kecamatan {name}", regency)
        made[key] = make(code, 4, "kelurahan", name, district).code
    return made


@pytest.fixture
def couriers(db):
    from lapak.market.shipping.loading import couriers_load

    couriers_load()


@pytest.fixture
def contacts(villages):
    return (Contact(name="Toko Uji", phone="081200000001", address="Jl. Merdeka 1", region=villages["gambir"]),
            Contact(name="Budi", phone="081200000002", address="Jl. Asia Afrika 2", region=villages["bandung"]))


@pytest.fixture
def racing_db(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")
