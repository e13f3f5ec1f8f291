"""Fixtures for the report tests: the small market of support.py, readers of each kind, a sealed audit log."""

from __future__ import annotations

import pytest

from lapak.oversight.reports.tests import support


@pytest.fixture
def market(db):
    from lapak.core.audit.sealing import audit_seal
    from lapak.oversight.rollups import rollups_refresh_all

    built = support.market_make()
    rollups_refresh_all()
    audit_seal()
    return built



@pytest.fixture
def gb_regulator(make_user):
    return make_user(roles=["regulator"], jurisdiction="GB")

