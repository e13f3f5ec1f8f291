"""The creator's commission follows the refunds (review of issue 8): a refund by amount before escrow release
lowers it as it lowers the release (returned units not subtracted twice), and a clawback after the commission
was paid out becomes a receivable of the creator, set off against their next payout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lapak.market.affiliates.selectors_creator import creator_statement, creator_summary
from lapak.market.affiliates.services_payouts import creator_payout_create
from lapak.market.affiliates.tests.attribution_support import *  # noqa: F403
from lapak.market.affiliates.tests.attribution_support import add, creators, land, offer, token
from lapak.market.affiliates.tests.payouts_support import in_transit, payable, ready
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.orders.models import SellerOrder
from lapak.market.payments.services.release import escrow_release
from lapak.market.payments.tests.release_support import close_window, deliver, pay

__all__ = ["creators"]  # fixtures
pytestmark = pytest.mark.django_db


def _buy(market, creators, buyer, place, midtrans, *, shirts: int = 2, complete: bool = True,
         key: str = "k1") -> SellerOrder:
    """Rizky's link sells `shirts` shirts (75,000 each, 10 % open offer) with a tea and a batik; paid, delivered;
    Toko Budi's part."""
    client = Client()
    client.force_login(buyer)
    land(client, token(creators.rizky, market.shirt))
    add(client, market.shirt, shirts)
    add(client, market.tea)
    add(client, market.batik)
    order = place(key=key)
    pay(order, buyer, midtrans)
    deliver(order, complete=complete)
    return SellerOrder.objects.select_related("order", "seller").get(order=order, seller=market.budi)


def _refund(so: SellerOrder, amount: int):
    from lapak.market.orders.services.refunds import refund_request_add
    from lapak.market.payments.services.refunds import refund_execute

    refund = refund_execute(refund_request=refund_request_add(seller_order=so, amount=amount))
    assert refund.status == "paid"
    return refund


def _receivable(user) -> int:
    return ledger_balance(kind=AccountKind.SELLER_RECEIVABLE, owner_ref=user.public_id)


def test_a_refund_by_amount_before_release_lowers_the_commission_as_it_lowers_the_release(
        market, creators, buyer, place, midtrans):
    offer(market.shirt.product, 1_000)
    budi = _buy(market, creators, buyer, place, midtrans)
    bought_for = budi.goods_subtotal - budi.seller_discount
    _refund(budi, 150_000)  # the shirts' worth, by amount: no returned units
    commission = 15_000 * (bought_for - 150_000) // bought_for  # the share of the goods still sold
    assert 0 < commission < 15_000
    today = timezone.localdate()
    assert creator_summary(creator=creators.rizky.public_id, start=today, end=today).pending == commission
    release = escrow_release(seller_order=close_window(budi))
    assert release.gross == bought_for - 150_000
    assert release.creators == {creators.rizky.public_id: commission} and payable(creators.rizky) == commission
    assert ledger_check() == []


def test_returned_units_and_a_refund_by_amount_are_not_subtracted_twice(market, creators, buyer, place, midtrans):
    from lapak.market.orders.services import seller_order_transition
    from lapak.market.payments.services.refunds import refund_execute
    from lapak.market.payments.tests.refund_support import return_for_refund

    offer(market.shirt.product, 1_000)
    budi = _buy(market, creators, buyer, place, midtrans, complete=False)
    assert refund_execute(refund_request=return_for_refund(budi, buyer, market, shirts=1)).status == "paid"
    kept = budi.goods_subtotal - 75_000  # one shirt back (no vouchers in this order)
    _refund(budi, 20_000)  # and a goodwill refund by amount
    seller_order_transition(seller_order=SellerOrder.objects.get(pk=budi.pk), to="completed", actor_kind="system")
    release = escrow_release(seller_order=close_window(budi))
    assert release.gross == kept - 20_000
    # The returned shirt earns nothing (7,500 left on the other), and the amount refund takes its share of that.
    assert release.creators == {creators.rizky.public_id: 7_500 * (kept - 20_000) // kept}
    assert ledger_check() == []


def test_a_clawback_after_the_payout_is_owed_back_and_netted_from_the_next_payout(
        market, creators, buyer, place, midtrans):
    offer(market.shirt.product, 1_000)
    budi = close_window(_buy(market, creators, buyer, place, midtrans))
    escrow_release(seller_order=budi)
    assert payable(creators.rizky) == 15_000
    ready(creators.rizky)
    today = timezone.localdate()
    first = creator_payout_create(creator=creators.rizky.public_id, batch_date=today, minimum=1)
    assert first.status == "queued" and payable(creators.rizky) == 0 and in_transit(creators.rizky) == 15_000
    revenue = ledger_balance(kind=AccountKind.COMMISSION_REVENUE)

    _refund(budi, budi.goods_subtotal)  # every shirt given back after the commission left
    assert payable(creators.rizky) == 0 and in_transit(creators.rizky) == 15_000
    assert _receivable(creators.rizky) == 15_000  # the creator owes it back; the platform does not bear it
    assert ledger_balance(kind=AccountKind.COMMISSION_REVENUE) <= revenue  # only the platform's own share went
    assert ledger_check() == []
    summary = creator_summary(creator=creators.rizky.public_id, start=today, end=today)
    assert (summary.earned, summary.clawed_back) == (15_000, 15_000)

    later = close_window(_buy(market, creators, buyer, place, midtrans, shirts=3, key="k2"))
    escrow_release(seller_order=later)
    assert payable(creators.rizky) == 22_500
    tomorrow = today + timedelta(days=1)
    second = creator_payout_create(creator=creators.rizky.public_id, batch_date=tomorrow, minimum=1)
    assert second.amount == 22_500 - 15_000 and in_transit(creators.rizky) == 15_000 + 7_500
    assert payable(creators.rizky) == 0 and _receivable(creators.rizky) == 0
    assert creator_payout_create(creator=creators.rizky.public_id, batch_date=tomorrow, minimum=1) == second
    assert ledger_check() == []
    rows = creator_statement(creator=creators.rizky.public_id, start=today, end=tomorrow)
    assert [(r.kind, r.amount) for r in rows if r.kind == "clawed_back"] == [("clawed_back", -15_000)]  # netting
