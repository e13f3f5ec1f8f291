"""The three figures render as a page (in both languages), as CSV and as JSON for an operator."""

from __future__ import annotations

import pytest

from lapak.oversight.sales.services import sales_rollup_refresh
from lapak.oversight.sales.services_sellers import seller_snapshot_refresh
from lapak.oversight.sales.tests.support import buyers, listing, months_ago, order, seller

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "id"])
def test_each_figure_renders_as_page_csv_and_json(world, client, operator, language):
    org = seller(province="35")
    variant = listing(org, world["batik"], origin="imported_local", price=12_345)
    order(buyers(1)[0], [(org, [(variant, 2)])], paid_at=months_ago(1))
    sales_rollup_refresh()
    seller_snapshot_refresh()
    client.force_login(operator)
    for key, by in (("sellers", "status,province"), ("sales", "month,category,origin"), ("first-party", "month")):
        page = client.get(f"/oversight/figures/{key}/?by={by}", HTTP_ACCEPT_LANGUAGE=language)
        assert page.status_code == 200, (key, page.content[:500])
        csv = client.get(f"/oversight/figures/{key}.csv?by={by}")
        assert csv.status_code == 200 and csv.content.decode().splitlines()[0].startswith(by.split(",")[0])
        assert client.get(f"/oversight/figures/{key}.json?by={by}").status_code == 200
    text = client.get("/oversight/figures/sales.csv?by=category,origin").content.decode()
    assert "t-fashion,Fashion,imported_local" in text or "t-fashion,Busana,imported_local" in text
    assert "24690" not in text  # one seller, one buyer: the cell is suppressed
