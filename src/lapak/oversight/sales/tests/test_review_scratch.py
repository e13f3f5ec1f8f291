"""Review: with no categories and no sales, computing by category from the source tables finds no rows (as the
rollup does), not one empty "uncategorised" row."""

from __future__ import annotations

import pytest

from lapak.oversight.sales.services import sales_rollup_refresh
from lapak.oversight.selectors import figure_read

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("by", ["category", "origin", "category,origin", ""])
def test_no_sales_no_rows_from_either_source(operator, by):
    sales_rollup_refresh()
    params = {"from": "2026-01", "by": by}
    rollup = figure_read(user=operator, key="sales", params={**params, "source": "rollup"}, channel="api")
    scratch = figure_read(user=operator, key="sales", params={**params, "source": "scratch"}, channel="api")
    assert rollup.table.rows == [] and scratch.table.rows == []
