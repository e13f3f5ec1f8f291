"""The full region list is loaded once per test session: about 3 s on SQLite, far too slow for every test."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def regions_session_load(django_db_setup, django_db_blocker):
    from lapak.regions.services import regions_load

    with django_db_blocker.unblock():
        return regions_load()


@pytest.fixture
def regions(regions_session_load, db):
    """The loaded region tables, inside the test's transaction."""
    from lapak.regions.models import Region
    from lapak.regions.services import regions_load

    # A transactional test elsewhere flushes every table when it ends; load again if one ran first.
    if not Region.objects.exists():
        regions_load()
    return regions_session_load
