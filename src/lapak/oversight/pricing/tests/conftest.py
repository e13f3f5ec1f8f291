"""Fixtures for the price signals and legal requests: a catalogue built row by row (the figure only reads it),
a verified shop built through the sellers services where a test needs a real one, and readers of each kind."""

from __future__ import annotations

import pytest

from lapak.market.sellers.tests import conftest as sellers_fixtures
from lapak.oversight.pricing.tests.support import Catalogue

# The sellers' fixtures, re-exported so a verified shop is built through the real services (not copied).
build, english, people, region_tree = (
    sellers_fixtures.build, sellers_fixtures.english, sellers_fixtures.people, sellers_fixtures.region_tree
)


@pytest.fixture
def catalogue(db):
    return Catalogue()



