"""Review: history written into past months after the rollups have run must still reach them (the seeder writes
below the watermarks: a plain refresh folds only what is newer)."""

from __future__ import annotations

import pytest

from lapak.demo.seeders import accounts, compliance, oversight_history
from lapak.demo.seeders.base import SeedContext
from lapak.market.catalog.services.categories import categories_load
from lapak.oversight.selectors import figure_read

pytestmark = pytest.mark.django_db


def test_a_rerun_that_adds_past_orders_reaches_the_rollups(regions, monkeypatch, make_user):
    monkeypatch.setattr(oversight_history, "HISTORY_SELLERS", 12)
    monkeypatch.setattr(oversight_history, "ORDERS_PER_MONTH", 4)
    categories_load()
    ctx = SeedContext(scale=1, seed=6, quiet=True, products=1)
    accounts.seed(ctx)
    compliance.seed(ctx)
    oversight_history.seed(ctx)  # the rollups now stand at last month's latest order
    monkeypatch.setattr(oversight_history, "ORDERS_PER_MONTH", 8)  # e.g. a re-run at a larger scale
    again = oversight_history.seed(SeedContext(scale=1, seed=6, quiet=True, products=1))
    assert again["orders_added"] > 0
    operator = make_user(roles=["operator"])
    params = {"by": "month", "from": "2025-01", "to": "2026-12", "jurisdiction": "ID"}
    rollup = figure_read(user=operator, key="sales", params=params, channel="api").table.rows
    scratch = figure_read(user=operator, key="sales", params={**params, "source": "scratch"}, channel="api").table.rows
    assert rollup == scratch
