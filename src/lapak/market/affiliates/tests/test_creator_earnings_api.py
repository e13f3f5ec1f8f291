"""The creators' aggregates API and the studio earnings page: only the creator themself reads their figures
(authorisation matrix over every published operation), the figures carry no buyer or order identity, and the
statement comes as JSON and CSV; the operators' read of the hand-off log."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from lapak.core.testing import published_operations
from lapak.market.affiliates.tests.attribution_support import *  # noqa: F403
from lapak.market.affiliates.tests.attribution_support import add, creators, land, offer, token  # noqa: F401
from lapak.market.affiliates.tests.test_creator_earnings import bought
from lapak.market.payments.services.release import escrow_release
from lapak.market.payments.tests.release_support import close_window, deliver

__all__ = ["bought", "creators"]  # fixtures
pytestmark = pytest.mark.django_db
A = "/api/v1/affiliates"
CREATOR_OPS = {("GET", f"{A}/creator/summary"), ("GET", f"{A}/creator/statement"),
               ("GET", f"{A}/creator/statement.csv")}
OPERATOR_OPS = {("GET", f"{A}/operator/clicks")}


@pytest.fixture
def mounted(db):
    if not published_operations(f"{A}/creator/"):
        pytest.skip('mount: api.add_router("/affiliates/", "lapak.market.affiliates.api_creator.router")')


def _bearer(user) -> dict:
    from lapak.accounts.services import api_token_issue

    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(user=user, name='t')[1]}"}


@pytest.fixture
def callers(make_user, creators, market):
    return {"anonymous": None, "buyer": make_user(email="b2@example.test", roles=["buyer"]),
            "seller": market.budi_owner, "operator": make_user(email="op@example.test", roles=["operator"]),
            "regulator": make_user(email="reg@example.test", roles=["regulator"], jurisdiction="ID"),
            "creator": creators.rizky}


ALLOWED = {"creator": CREATOR_OPS, "operator": OPERATOR_OPS}


def test_the_authorisation_matrix_covers_every_operation(mounted, callers):
    published = published_operations(f"{A}/creator/", f"{A}/operator/")
    assert published == CREATOR_OPS | OPERATOR_OPS  # a new operation needs its row here
    for name, user in callers.items():
        headers = _bearer(user) if user else {}
        for method, path in sorted(published):
            status = Client().generic(method, path, **headers).status_code
            expected = 200 if (method, path) in ALLOWED.get(name, set()) else 401 if user is None else 403
            assert status == expected, (name, method, path, status)


def test_the_creator_reads_their_own_figures_without_buyer_or_order_identity(mounted, bought, market, creators,
                                                                            buyer):
    deliver(bought)
    from lapak.market.orders.models import SellerOrder

    budi = SellerOrder.objects.get(order=bought, seller=market.budi)
    escrow_release(seller_order=close_window(budi))
    response = Client().get(f"{A}/creator/summary", **_bearer(creators.rizky))
    assert response.status_code == 200
    body = response.json()
    assert (body["clicks"], body["orders"], body["gross"], body["earned"], body["balance"], body["pending"]) == (
        1, 1, 150_000, 15_000, 15_000, 0)
    assert body["creator"] == creators.rizky.public_id and "from" in body and "to" in body
    text = response.content.decode()
    for secret in (bought.public_id, budi.public_id, buyer.public_id, buyer.email, bought.recipient_name):
        assert secret not in text
    statement = Client().get(f"{A}/creator/statement", **_bearer(creators.rizky)).json()
    assert [(r["kind"], r["amount"]) for r in statement["rows"]] == [("earned", 15_000)]
    assert budi.public_id not in str(statement)
    download = Client().get(f"{A}/creator/statement.csv", **_bearer(creators.rizky))
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["date", "kind", "amount_idr", "sources"] and rows[1][1:3] == ["earned", "15000"]
    # Another creator sees none of it.
    other = Client().get(f"{A}/creator/summary", **_bearer(creators.ayu)).json()
    assert (other["clicks"], other["orders"], other["earned"], other["sources"]) == (0, 0, 0, [])


@pytest.mark.parametrize("query", [{"from": "2026-02-30"}, {"from": "2026-05-02", "to": "2026-05-01"},
                                   {"from": "2024-01-01", "to": "2026-01-01"}, {"to": "kemarin"}])
def test_a_bad_period_is_refused_naming_the_field(mounted, creators, query):
    response = Client().get(f"{A}/creator/summary", query, **_bearer(creators.rizky))
    assert response.status_code == 422
    assert set(response.json()["error"]["fields"]) <= {"from", "to"}


def test_operators_read_the_hand_off_log(mounted, callers, market, creators):
    land(Client(), token(creators.rizky, market.shirt))
    land(Client(), token(creators.ayu, market.tea))
    rows = Client().get(f"{A}/operator/clicks", {"creator": creators.ayu.public_id},
                        **_bearer(callers["operator"])).json()
    assert [(r["creator"], r["product_id"], r["signed_in"]) for r in rows] == [
        (creators.ayu.public_id, market.tea.product.public_id, False)]
    assert "session_key" not in rows[0] and "user" not in rows[0]


def test_the_studio_page_shows_the_figures_and_the_csv(bought, market, creators, buyer, callers):
    deliver(bought)
    from lapak.market.orders.models import SellerOrder

    escrow_release(seller_order=close_window(SellerOrder.objects.get(order=bought, seller=market.budi)))
    client = Client()
    assert client.get("/studio/earnings/").status_code == 302  # sign in first
    client.force_login(callers["buyer"])
    assert client.get("/studio/earnings/").status_code == 403
    client.force_login(creators.rizky)
    page = client.get("/studio/earnings/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Commission earned (released)" in html and 'id="earned">Rp15.000' in html
    assert 'class="source-row"' in html and bought.public_id not in html and buyer.email not in html
    indonesian = client.get("/studio/earnings/", HTTP_ACCEPT_LANGUAGE="id")
    assert indonesian.status_code == 200 and 'id="earned">Rp15.000' in indonesian.content.decode()
    download = client.get("/studio/earnings/statement.csv")
    assert download.status_code == 200 and b"earned,15000" in download.content
    assert client.get("/studio/earnings/", {"from": "2026-13-01"}).status_code == 422
