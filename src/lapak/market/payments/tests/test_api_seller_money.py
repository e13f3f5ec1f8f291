"""The shop's money API answers what the seller centre's money page shows: the ledger's balances, each escrow
release with its split, the payouts with why one is held, and the statement; pages newest first; a bad
statement range is a 422 naming the field, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.orders.tests.returns_api_support import rworld_fixture
from lapak.market.payments import api_seller_money
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.selectors_payouts import statement_rows
from lapak.market.payments.services.payouts import payout_create
from lapak.market.payments.services.release import escrow_release
from lapak.market.payments.tests.payout_support import fund, ready
from lapak.market.payments.tests.release_support import close_window, completed, paid_order
from lapak.market.payments.tests.statement_support import owe
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.tests.test_api_support import call, error_of

__all__ = ["completed", "paid_order", "rworld_fixture"]  # fixtures
BASE = "/api/v1/payouts/seller/"


def _get(w, what: str, user: str = "owner", org=None, **params):
    org = org or w.market.budi
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return call("GET", f"{BASE}{org.public_id}/{what}" + (f"?{query}" if query else ""), w.headers[user])


def test_the_balance_is_the_ledgers(rworld, completed, market, bearer, make_user, settings):
    from lapak.market.sellers.services import member_add

    manager = make_user(email="manajer.budi@example.test")
    member_add(organisation=market.budi, actor=market.budi_owner, user=manager, role="manager")
    rworld.headers["manager"] = bearer(manager)
    escrow = ledger_balance(kind=AccountKind.ESCROW, owner_ref=completed.budi.public_id)
    assert escrow > 0  # Toko Budi's seller order: completed, its return window open, still in escrow
    owe(market.budi, 4_000)
    SellerOrganisation.objects.filter(pk=market.budi.pk).update(payout_hold_until=timezone.now() + timedelta(hours=3))
    for user in ("owner", "manager", "staff"):
        body = _get(rworld, "balance", user).json()
        assert body == {"payable": 0, "owed_to_lapak": 4_000, "in_transit": 0, "pending_escrow": escrow,
                        "payout_minimum": settings.PAYOUT_MINIMUM, "payouts_on_hold": True,
                        "payout_hold_reasons": body["payout_hold_reasons"]}
    codes = [r["code"] for r in body["payout_hold_reasons"]]
    assert codes == ["bank_account_changed"] and all(r["message"] for r in body["payout_hold_reasons"])

    release = escrow_release(seller_order=close_window(completed.budi))
    ready(market.budi, market.budi_owner)
    settings.MIDTRANS_BASE_URL = "http://127.0.0.1:9"  # the payout cannot be sent: it stays in transit
    fund(market.budi, 60_000)
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    body = _get(rworld, "balance", "manager").json()
    payable = ledger_balance(kind=AccountKind.SELLER_PAYABLE, owner_ref=market.budi.public_id)
    assert body["payable"] == payable == 0 and body["pending_escrow"] == 0
    assert body["in_transit"] == payout.amount == release.seller_net + 60_000 - 4_000  # netted before payout
    assert body["owed_to_lapak"] == 0
    assert body["payouts_on_hold"] is False and body["payout_hold_reasons"] == []


def test_a_released_order_appears_with_its_split(rworld, completed, market):
    release = escrow_release(seller_order=close_window(completed.budi))
    page = _get(rworld, "releases", "staff").json()
    assert page["count"] == 1 and page["limit"] == 20 and page["offset"] == 0
    item = page["items"][0]
    assert item["id"] == release.entry_public_id and item["seller_order"] == completed.budi.public_id
    assert {k: item[k] for k in ("released", "gross", "shipping", "commission", "commission_bps", "pph22",
                                 "pph22_exempt", "platform_voucher", "creator", "seller_net")} == {
        "released": release.released, "gross": 270_000, "shipping": completed.budi.shipping_fee,
        "commission": 12_300, "commission_bps": release.commission_bps, "pph22": 1_350, "pph22_exempt": False,
        "platform_voucher": 0, "creator": 0, "seller_net": release.seller_net}
    assert item["released"] == item["seller_net"] + item["commission"] + item["pph22"] + item["creator"]
    assert all(isinstance(v, int) for k, v in item.items() if k not in ("id", "seller_order", "released_at",
                                                                        "pph22_exempt"))
    assert _get(rworld, "releases", "other_seller", org=market.sari).json()["count"] == 0  # Toko Sari's own


def test_a_held_payout_shows_its_reasons(rworld, market):
    SellerOrganisation.objects.filter(pk=market.budi.pk).update(payout_hold_until=timezone.now() + timedelta(hours=3))
    fund(market.budi, 80_000)
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    assert payout.status == "held"
    item = _get(rworld, "payouts").json()["items"][0]
    assert item["id"] == payout.public_id and item["amount"] == 80_000 and item["status"] == "held"
    assert item["status_label"] == "Held" and item["failure"] == "" and item["paid_at"] is None
    codes = {r["code"]: r["message"] for r in item["hold_reasons"]}
    assert set(codes) == set(payout.hold_reasons) and "bank_account_changed" in codes
    assert codes["bank_account_changed"] == "Your payout bank account changed in the last 24 hours."
    indonesian = call("GET", f"{BASE}{market.budi.public_id}/payouts", rworld.headers["owner"], language="id")
    assert indonesian.status_code == 200


def test_payouts_come_newest_first_in_pages(rworld, market):
    today = timezone.localdate()
    for days_ago in (3, 2, 1, 0):
        fund(market.budi, 50_000 + days_ago, key=f"page-{days_ago}")
        payout_create(organisation=market.budi, batch_date=today - timedelta(days=days_ago))
    ids = list(Payout.objects.filter(seller=market.budi).order_by("-batch_date").values_list("public_id", flat=True))
    first = _get(rworld, "payouts", limit=3).json()
    second = _get(rworld, "payouts", limit=3, offset=3).json()
    assert first["count"] == second["count"] == 4
    assert [p["id"] for p in first["items"] + second["items"]] == ids
    assert [p["batch_date"] for p in first["items"]] == [str(today - timedelta(days=d)) for d in (0, 1, 2)]
    for bad in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "x"}):
        response = _get(rworld, "payouts", **bad)
        assert response.status_code == 422 and error_of(response)["code"] == "validation_error"
        assert set(error_of(response)["fields"]) == set(bad)


def test_the_statement_has_the_csvs_rows_and_the_period_figures(rworld, completed, market):
    release = escrow_release(seller_order=close_window(completed.budi))
    owe(market.budi, 4_000)
    today = timezone.localdate()
    body = _get(rworld, "statement", "staff", **{"from": today - timedelta(days=1), "to": today}).json()
    rows = list(statement_rows(market.budi, start=today - timedelta(days=1), end=today))
    assert body["organisation"] == market.budi.public_id and body["start"] == str(today - timedelta(days=1))
    assert [(r["entry"], r["amount"], r["balance_after"], r["account"]) for r in body["rows"]] == [
        (r.entry, r.amount, r.balance_after, r.account) for r in rows]
    assert {r["amount"] for r in body["rows"]} == {release.seller_net, 4_000}
    summary = body["summary"]
    assert summary["opening_balance"] == 0 and summary["closing_balance"] == release.seller_net
    assert summary["closing_owed"] == 4_000 and summary["releases"] == 1
    assert summary["commission"] == release.commission and summary["pph22"] == release.pph22
    default = _get(rworld, "statement").json()  # the last 30 days
    assert default["end"] == str(today) and len(default["rows"]) == 2


@pytest.mark.parametrize(("params", "field"), [
    ({"from": "kemarin"}, "from"),
    ({"to": "2026-13-01"}, "to"),
    ({"from": "2026-02-30"}, "from"),
    ({"from": "2026-03-02", "to": "2026-03-01"}, "from"),
    ({"from": "2024-01-01", "to": "2025-06-01"}, "from"),  # more than a year
    ({"from": "0001-01-01", "to": "2025-01-01"}, "from"),
    ({"from": "2019-12-31", "to": "2020-01-10"}, "from"),
    ({"to": "9999-12-31"}, "to"),
    ({"to": "0001-01-01"}, "to"),  # the default start would be before year 1
    ({"to": "2020-01-15"}, "to"),  # the default start would be before 2020
])
def test_a_bad_range_is_a_422_naming_the_field(rworld, params, field):
    response = _get(rworld, "statement", **params)
    assert response.status_code == 422, response.content
    error = error_of(response)
    assert error["code"] == "validation_error" and list(error["fields"]) == [field]
    assert error["fields"][field][0]


def test_overlong_parameters_and_the_row_cap_are_422s(rworld, market, monkeypatch):
    response = _get(rworld, "statement", **{"from": "2026-01-01" + "9" * 5000})
    assert response.status_code == 422 and "from" in error_of(response)["fields"]
    fund(market.budi, 1_000, key="a")
    fund(market.budi, 2_000, key="b")
    monkeypatch.setattr(api_seller_money, "MAX_PDF_ROWS", 1)  # the PDF's cap of 5,000 rows, made small
    response = _get(rworld, "statement")
    assert response.status_code == 422 and "more than 1 postings" in error_of(response)["fields"]["from"][0]
    monkeypatch.setattr(api_seller_money, "MAX_PDF_ROWS", 2)
    assert _get(rworld, "statement").status_code == 200
