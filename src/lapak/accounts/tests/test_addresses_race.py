"""Two requests choosing a default at the same moment: exactly one address stays default."""

from __future__ import annotations

import pytest
from django.db import connection

from lapak.accounts.models import Address
from lapak.accounts.services import address_create, address_set_default
from lapak.accounts.tests.address_support import address_data, regions_fixture  # noqa: F401
from lapak.core.testing import race


@pytest.fixture
def racing(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")


def test_racing_set_default_leaves_exactly_one(racing, regions, make_user):
    sari = make_user(email="sari@example.test")
    addresses = [address_create(user=sari, data=address_data(label=f"A{i}")) for i in range(4)]
    outcomes = race(*[lambda a=a: address_set_default(address=a, actor=sari) for a in addresses])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert Address.objects.filter(user=sari, is_default=True).count() == 1


def test_racing_creates_asking_for_default_leave_exactly_one(racing, regions, make_user):
    sari = make_user(email="sari@example.test")
    outcomes = race(*[lambda i=i: address_create(user=sari, data=address_data(label=f"B{i}"), make_default=True)
                      for i in range(4)])
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    assert Address.objects.filter(user=sari).count() == 4
    assert Address.objects.filter(user=sari, is_default=True).count() == 1
