"""Refunds raced on purpose (threads on a real database: PostgreSQL, or a file-backed SQLite): two executions of
one refund make one gateway refund; two refund requests that together exceed what was paid: one is refused."""

from __future__ import annotations

import httpx
import pytest

from lapak.core.errors import ValidationFailed
from lapak.core.testing import race
from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import JournalEntry
from lapak.market.orders.models import RefundRequest, SellerOrder
from lapak.market.orders.services.refunds import refund_request_add, seller_order_paid
from lapak.market.payments.services.refunds import refund_execute
from lapak.market.payments.tests.refund_support import budi_part, deliver, pay_through_sandbox, return_for_refund
from lapak.market.payments.tests.test_sandbox_integration import sandbox  # noqa: F401  (a fixture)


@pytest.fixture
def counted_refund_calls(monkeypatch):
    """Counts the refund requests Lapak's adapter sends (the real HTTP client, with a request hook)."""
    from lapak.market.payments.gateways import registry

    calls: list[str] = []

    def count(request: httpx.Request) -> None:
        if request.url.path.endswith("/refund"):
            calls.append(request.url.path)

    monkeypatch.setattr(registry, "http_client_factory",
                        lambda: httpx.Client(timeout=10, event_hooks={"request": [count]}))
    return calls


def test_two_executions_at_once_make_one_gateway_refund(racing_db, sandbox, receiver, place, cart, market,  # noqa: F811
                                                         buyer, counted_refund_calls):
    order = place()
    intent = pay_through_sandbox(sandbox, receiver, order, buyer, "qris")
    refund = return_for_refund(deliver(budi_part(order, market)), buyer, market)
    first, second = race(lambda: refund_execute(refund_request=refund),
                         lambda: refund_execute(refund_request=refund))
    assert not isinstance(first, Exception) and not isinstance(second, Exception), (first, second)
    refund = RefundRequest.objects.get(pk=refund.pk)
    assert refund.status == "paid" and refund.attempts == 1
    assert len(counted_refund_calls) == 1
    assert len(sandbox.get(f"/_control/{intent.provider_order_id}").json()["refunds"]) == 1
    assert JournalEntry.objects.filter(cause_id=refund.public_id).count() == 2 and ledger_check() == []


def test_two_refund_requests_racing_never_exceed_what_was_paid(racing_db, place, cart):
    from lapak.market.orders.services import order_mark_paid

    order = place()
    order_mark_paid(order=order, payment_reference="pay-race")
    so = SellerOrder.objects.select_related("order").filter(order=order).first()
    amount = seller_order_paid(so) * 6 // 10
    outcomes = race(lambda: refund_request_add(seller_order=so, amount=amount),
                    lambda: refund_request_add(seller_order=so, amount=amount))
    refused = [o for o in outcomes if isinstance(o, ValidationFailed)]
    assert len(refused) == 1, outcomes
    assert list(RefundRequest.objects.filter(seller_order=so).values_list("amount", flat=True)) == [amount]


def test_two_refunds_after_release_racing_give_back_no_more_commission_than_release_took(
        racing_db, placed, buyer, midtrans, monkeypatch):
    import time

    from lapak.market.ledger.kinds import AccountKind
    from lapak.market.ledger.services import ledger_account
    from lapak.market.payments.services import refunds_ledger
    from lapak.market.payments.services.release import escrow_release
    from lapak.market.payments.tests.refund_support import balance
    from lapak.market.payments.tests.release_support import close_window, deliver, pay

    pay(placed, buyer, midtrans)
    so = SellerOrder.objects.select_related("order", "seller").filter(order=placed).order_by("pk").first()
    deliver(so.order)
    release = escrow_release(seller_order=close_window(so))
    commission, pph22 = balance(AccountKind.COMMISSION_REVENUE), balance(AccountKind.PPH22_PAYABLE)
    # Together they give back every rupiah released, shipping included; each alone could count its amount as goods.
    first = refund_request_add(seller_order=so, amount=release.gross - 1000)
    second = refund_request_add(seller_order=so, amount=1000 + release.shipping)
    # An earlier refund of the order made its refunds-payable account: creating it would serialise the two.
    ledger_account(kind=AccountKind.REFUNDS_PAYABLE, owner_ref=placed.public_id)
    counted = refunds_ledger._goods_refunded

    def slow(*args, **kwargs):  # widen the window between reading earlier refunds and posting this one
        goods = counted(*args, **kwargs)
        time.sleep(0.3)
        return goods

    monkeypatch.setattr(refunds_ledger, "_goods_refunded", slow)
    outcomes = race(lambda: refund_execute(refund_request=first), lambda: refund_execute(refund_request=second))
    assert all(getattr(o, "status", None) == "paid" for o in outcomes), outcomes
    given_back = commission - balance(AccountKind.COMMISSION_REVENUE)
    assert release.commission - 2 <= given_back <= release.commission  # each refund rounds down once
    assert pph22 - balance(AccountKind.PPH22_PAYABLE) <= release.pph22 and ledger_check() == []
