"""The seller centre's PDF statement from the ledger: its balances are the ledger's, every posting of the period
appears, the shop's members read it and nobody else does, and a bad range is explained (inline on the page, 400
on the download), never a 500. Links to both downloads are on the balance page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time

from lapak.market.catalog.tests.buyer_fixtures import client_in
from lapak.market.orders.tests.desk_support import staff
from lapak.market.payments import views_payouts
from lapak.market.payments.selectors_payouts import statement_rows, statement_summary
from lapak.market.payments.services.payouts import payout_create
from lapak.market.payments.tests.payout_support import fund, payable, ready
from lapak.market.payments.tests.statement_support import owe, owed, pdf_pages

__all__ = ["staff"]  # fixtures
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_back():
    yield
    translation.activate(django_settings.LANGUAGE_CODE)  # the test client's requests leave theirs active


def _pdf(client, org, **params):
    return client.get(reverse("payments_seller:statement_pdf", args=[org.public_id]), params)


def _rupiah(amount: int) -> str:
    return f"Rp{amount:,}".replace(",", ".")


def test_the_pdf_balances_are_the_ledgers_and_every_posting_appears(market):
    ready(market.budi, market.budi_owner)
    with freeze_time(timezone.now() - timedelta(days=10)):
        fund(market.budi, 70_000, key="old-a")
        fund(market.budi, 31_500, key="old-b")
    fund(market.budi, 25_000, key="new")
    owe(market.budi, 5_000)
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    assert payout.amount == 121_500 and payable(market.budi) == 0 and owed(market.budi) == 0
    today = timezone.localdate()
    start = today - timedelta(days=3)
    response = _pdf(client_in("en", market.budi_owner), market.budi, **{"from": start.isoformat(),
                                                                        "to": today.isoformat()})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'-{start.isoformat()}-{today.isoformat()}.pdf"')
    (page,) = pdf_pages(response.content)
    summary = statement_summary(market.budi, start=start, end=today)
    assert (summary.opening_balance, summary.closing_balance, summary.closing_owed) == (101_500, 0, 0)
    assert summary.netted == 5_000
    head = page.split("Your balance with Lapak")[1]
    assert head.split("Opening balance")[1].lstrip().startswith(_rupiah(101_500))
    assert market.budi.shop_name in page and market.budi.public_id in page and "Page 1 of 1" in page
    rows = list(statement_rows(market.budi, start=start, end=today))
    assert [(r.account, r.amount) for r in rows] == [("balance", 25_000), ("owed", 5_000), ("balance", -5_000),
                                                     ("owed", -5_000), ("balance", -121_500)]
    for row in rows:
        assert row.cause_id in page
    assert payout.public_id in page and _rupiah(121_500) in page and "Set off against what you owe Lapak" in page
    # The old postings are before the period: only their sum (the opening balance) shows.
    earlier = _pdf(client_in("en", market.budi_owner), market.budi,
                   **{"from": (today - timedelta(days=11)).isoformat(), "to": today.isoformat()})
    assert _rupiah(70_000) in pdf_pages(earlier.content)[0] and "Rp101.500" in pdf_pages(earlier.content)[0]


@pytest.mark.parametrize("who, status", [("budi_owner", 200), ("manager", 200), ("staff", 200),
                                         ("sari_owner", 404), ("stranger", 404), ("anonymous", 302)])
def test_who_reads_the_pdf(market, make_user, staff, who, status):
    from lapak.market.sellers.services import member_add

    fund(market.budi, 60_000)
    users = {"budi_owner": market.budi_owner, "sari_owner": market.sari_owner, "staff": staff, "anonymous": None,
             "stranger": make_user(email="orang@example.test")}
    if who == "manager":
        users["manager"] = make_user(email="manajer.budi@example.test")
        member_add(organisation=market.budi, actor=market.budi_owner, user=users["manager"], role="manager")
    response = _pdf(client_in("en", users[who]), market.budi)
    assert response.status_code == status
    if status == 200:
        assert _rupiah(60_000) in pdf_pages(response.content)[0]


@pytest.mark.parametrize("params, message", [
    ({"from": "2026-11-20", "to": "2026-11-01"}, "on or before the end date"),
    ({"from": "2025-01-01", "to": "2026-11-01"}, "at most a year"),
    ({"from": "2026-13-45", "to": "2026-11-01"}, "day, month and year"),
    ({"from": "kemarin"}, "day, month and year"),
    ({"from": "0001-01-01", "to": "0001-01-05"}, "between 2020 and next year"),
    ({"from": "9999-12-30", "to": "9999-12-31"}, "between 2020 and next year"),
    ({"from": "", "to": "0001-01-05"}, "day, month and year"),  # the default start would fall before year 1
])
def test_a_bad_range_is_explained_never_a_500(market, params, message):
    client = client_in("en", market.budi_owner)
    for name in ("statement_pdf", "statement_csv"):
        response = client.get(reverse(f"payments_seller:{name}", args=[market.budi.public_id]), params)
        assert response.status_code == 400 and message in response.content.decode()
    page = client.get(reverse("payments_seller:balance", args=[market.budi.public_id]), {**params, "statement": "pdf"})
    html = page.content.decode()
    assert page.status_code == 400 and 'id="statement-error"' in html and message in html
    assert 'aria-invalid="true"' in html and f'value="{params["from"]}"' in html  # the entry is kept to correct


def test_the_page_form_sends_a_good_range_to_the_download(market):
    client = client_in("en", market.budi_owner)
    url = reverse("payments_seller:balance", args=[market.budi.public_id])
    for kind in ("pdf", "csv"):
        response = client.get(url, {"from": "2026-11-01", "to": "2026-11-20", "statement": kind})
        assert response.status_code == 302
        assert response["Location"] == (reverse(f"payments_seller:statement_{kind}", args=[market.budi.public_id])
                                        + "?from=2026-11-01&to=2026-11-20")
    html = client.get(url).content.decode()
    for link in ("statement_pdf", "statement_csv"):
        assert f'href="{reverse(f"payments_seller:{link}", args=[market.budi.public_id])}"' in html
    assert 'id="statement-error"' not in html


def test_a_period_with_too_many_postings_for_a_pdf_points_to_the_csv(market, monkeypatch):
    monkeypatch.setattr(views_payouts, "MAX_PDF_ROWS", 2)
    for n in range(3):
        fund(market.budi, 10_000 + n)
    response = _pdf(client_in("en", market.budi_owner), market.budi)
    assert response.status_code == 400 and "download the CSV" in response.content.decode()
    monkeypatch.setattr(views_payouts, "MAX_PDF_ROWS", 3)
    assert _pdf(client_in("en", market.budi_owner), market.budi).status_code == 200


def test_indonesian_by_default(market):
    fund(market.budi, 60_000)
    response = _pdf(client_in("id", market.budi_owner), market.budi, **{"from": "2026-05-01", "to": "2026-05-31"})
    page = pdf_pages(response.content)[0]
    assert "1 Mei 2026" in page and "31 Mei 2026" in page
