"""The demo's year of history: real ledger postings and releases, figures with numbers to show (not only "<10"),
every figure page readable by the demo regulator in both languages, and a re-run that adds nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lapak.demo.seeders import accounts, compliance, oversight_history
from lapak.demo.seeders.base import SeedContext
from lapak.market.catalog.services.categories import categories_load
from lapak.market.ledger.checks import ledger_check
from lapak.market.orders.models import Order, OrderStatus, SellerOrder
from lapak.market.payments.models_release import EscrowRelease
from lapak.oversight.figures.base import figures_in_order
from lapak.oversight.selectors import figure_read

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(regions, monkeypatch):
    monkeypatch.setattr(oversight_history, "HISTORY_SELLERS", 12)
    monkeypatch.setattr(oversight_history, "ORDERS_PER_MONTH", 14)
    categories_load()
    ctx = SeedContext(scale=1, seed=5, quiet=True, products=1)
    accounts.seed(ctx)
    compliance.seed(ctx)
    return ctx, oversight_history.seed(ctx)


def test_the_history_is_real_money_through_the_ledger(history):
    _ctx, report = history
    orders = Order.objects.filter(idempotency_key__startswith="demo-history-5-")
    assert report["orders_added"] == orders.count() == report["orders_total"] > 150
    assert set(orders.values_list("status", flat=True)) == {OrderStatus.COMPLETED}
    seller_orders = SellerOrder.objects.filter(order__in=orders)
    assert EscrowRelease.objects.filter(seller_order__in=seller_orders).count() == seller_orders.count()
    assert ledger_check() == []
    again = oversight_history.seed(SeedContext(scale=1, seed=5, quiet=True, products=1))
    assert again["orders_added"] == 0 and again["products_added"] == 0  # a re-run adds nothing
    _the_sales_figure_has_months_above_the_threshold_and_rollups_agree()


def _the_sales_figure_has_months_above_the_threshold_and_rollups_agree():
    from lapak.accounts.services import role_grant, user_signup

    regulator = user_signup(email="reg@example.test", password="correct horse battery", full_name="Reg")
    role_grant(user=regulator, role="regulator", jurisdiction="ID")
    operator = user_signup(email="op@example.test", password="correct horse battery", full_name="Op")
    role_grant(user=operator, role="operator", jurisdiction="")
    params = {"by": "month", "from": "2025-01", "to": "2026-12"}
    rollup = figure_read(user=regulator, key="sales", params=params, channel="api").table.rows
    scratch = figure_read(user=operator, key="sales", params={**params, "source": "scratch", "jurisdiction": "ID"},
                          channel="api").table.rows
    assert rollup == scratch
    shown = [row for row in rollup if not row["suppressed"]]
    assert len(shown) >= 6 and all(row["gmv"] > 0 for row in shown)


def test_the_demo_regulator_sees_every_figure_in_both_languages(history, client, make_user):
    from lapak.accounts.tests.two_factor_support import sign_in

    regulator = make_user(roles=["regulator"], jurisdiction="ID")
    sign_in(client, regulator)
    for language, heading in (("id", "Cara penghitungan"), ("en", "How this was computed")):
        for figure in figures_in_order():
            response = client.get(reverse("oversight:figure", args=[figure.key]), HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (figure.key, response.status_code)
            assert 'id="figure-table"' in response.content.decode() and heading in response.content.decode()
