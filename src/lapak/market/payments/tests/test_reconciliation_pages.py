"""The operators' reconciliation pages: the reports newest first with their status, one report's mismatches;
operators only (anonymous → login, buyers and sellers → 403), as the rest of the operations desk."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.payments.models_reconciliation import ReconciliationItem, ReconciliationReport

pytestmark = pytest.mark.django_db
LIST = "/operations/reconciliation/"


@pytest.fixture
def operator(make_user):
    return make_user(email="ops.recon@example.test", roles=["operator"])


@pytest.fixture
def reports():
    ok = ReconciliationReport.objects.create(day=date(2026, 11, 26), provider="midtrans", status="ok",
                                             gateway_count=2, ledger_count=2, gateway_paid=300_000,
                                             ledger_paid=300_000)
    bad = ReconciliationReport.objects.create(day=date(2026, 11, 27), provider="midtrans", status="mismatch",
                                              mismatch_count=1, gateway_paid=150_000)
    ReconciliationItem.objects.create(report=bad, kind="missing_in_ledger", record_kind="payment",
                                      reference="pay_unheard", provider_order_id="pay_unheard",
                                      gateway_amount=150_000, gateway_count=1)
    return ok, bad


def test_the_list_newest_first_and_a_reports_mismatches(operator, reports):
    ok, bad = reports
    client = client_in("en", operator)
    html = client.get(LIST).content.decode()
    assert html.index(f'id="report-{bad.public_id}"') < html.index(f'id="report-{ok.public_id}"')
    assert "Mismatches found" in html and "Balanced" in html and 'href="/operations/reconciliation/"' in html
    detail = client.get(f"{LIST}{bad.public_id}/")
    assert detail.status_code == 200 and "no-store" in detail["Cache-Control"]
    page = detail.content.decode()
    assert "mismatch--missing_in_ledger" in page and "pay_unheard" in page
    assert "At the gateway, not in the ledger" in page
    clean = client.get(f"{LIST}{ok.public_id}/").content.decode()
    assert 'id="no-mismatches"' in clean
    assert client.get(f"{LIST}rcn_nope/").status_code == 404


def test_an_empty_list(operator):
    assert 'id="no-reports"' in client_in("en", operator).get(LIST).content.decode()


def test_only_operators(reports, buyer, market):
    _ok, bad = reports
    for user in (buyer, market.budi_owner):
        client = client_in("en", user)
        assert client.get(LIST).status_code == 403
        assert client.get(f"{LIST}{bad.public_id}/").status_code == 403
    for url in (LIST, f"{LIST}{bad.public_id}/"):
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
