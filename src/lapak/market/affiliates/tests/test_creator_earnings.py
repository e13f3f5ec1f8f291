"""The whole path, through the real services and pages: social issues a token → the buyer lands → adds to the
cart → checks out → pays (fake Midtrans under the real SDK) → delivery → completion → escrow release pays the
creator's commission into their creator payable → a refund claws its share back, and the ledger stays whole.
Also: the commission's base (units still sold, net of the shop's voucher) and the creator's own figures."""

from __future__ import annotations

import pytest
from django.test import Client

from lapak.market.affiliates.selectors_creator import creator_statement, creator_summary
from lapak.market.affiliates.tests.attribution_support import *  # noqa: F403
from lapak.market.affiliates.tests.attribution_support import SOURCES, add, creators, land, offer, token
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.orders.models import OrderLine, SellerOrder
from lapak.market.payments.attribution import creator_commission_amount, creator_commission_for
from lapak.market.payments.services.release import escrow_release
from lapak.market.payments.tests.release_support import close_window, deliver, pay

__all__ = ["creators"]  # fixtures
pytestmark = pytest.mark.django_db


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _payable(user) -> int:
    return ledger_balance(kind=AccountKind.CREATOR_PAYABLE, owner_ref=user.public_id)


@pytest.fixture
def bought(market, creators, buyer, place, midtrans):
    """Rizky's post sells two shirts (75,000 each, 10 % open offer) to the buyer, who also buys a tea and a batik
    without a hand-off; the order is paid."""
    offer(market.shirt.product, 1_000)
    client = Client()
    client.force_login(buyer)
    assert land(client, token(creators.rizky, market.shirt, campaign="gajian")).status_code == 302
    add(client, market.shirt, 2)
    add(client, market.tea)
    add(client, market.batik)
    order = place()
    pay(order, buyer, midtrans)
    return order


def _budi(order, market) -> SellerOrder:
    return SellerOrder.objects.select_related("order", "seller").get(order=order, seller=market.budi)


def test_release_pays_the_creator_and_a_refund_claws_it_back(bought, market, creators, midtrans):
    from lapak.market.orders.services.refunds import refund_request_add
    from lapak.market.payments.services.refunds import refund_execute

    deliver(bought)
    budi = close_window(_budi(bought, market))
    release = escrow_release(seller_order=budi)
    assert release.creators == {creators.rizky.public_id: 15_000}  # 2 × 75,000 × 10 %
    assert _payable(creators.rizky) == 15_000
    assert release.seller_net == release.released - release.commission - release.pph22 - 15_000
    assert ledger_check() == []
    # A refund after release: the creator gives back the refunded goods' share of their commission (the
    # refunds ledger takes each release leg back in proportion to the goods refunded), as far as it holds.
    refund = refund_execute(refund_request=refund_request_add(seller_order=budi, amount=75_000))
    assert refund.status == "paid"
    clawed = 15_000 * 75_000 // release.gross
    assert clawed > 0 and _payable(creators.rizky) == 15_000 - clawed
    assert ledger_check() == []
    summary = creator_summary(creator=creators.rizky.public_id, start=_today(), end=_today())
    assert (summary.clicks, summary.orders, summary.lines, summary.units, summary.gross) == (1, 1, 1, 2, 150_000)
    assert (summary.earned, summary.clawed_back, summary.paid, summary.pending, summary.balance) == (
        15_000, clawed, 0, 0, 15_000 - clawed)
    [source] = summary.sources
    assert (source.source, source.source_id, source.clicks, source.orders, source.gross) == (
        "post", SOURCES["post"], 1, 1, 150_000)
    rows = creator_statement(creator=creators.rizky.public_id, start=_today(), end=_today())
    assert [(r.kind, r.amount, r.sources) for r in rows] == [
        ("earned", 15_000, (f"post:{SOURCES['post']}",)), ("clawed_back", -clawed, (f"post:{SOURCES['post']}",))]
    # Nobody else earned anything.
    assert _payable(creators.ayu) == 0


def test_before_release_the_commission_is_pending_and_returned_units_earn_nothing(bought, market, creators, buyer,
                                                                                  midtrans):
    from lapak.market.payments.services.refunds import refund_execute
    from lapak.market.payments.tests.refund_support import return_for_refund

    [budi] = [so for so in deliver(bought, complete=False) if so.seller_id == market.budi.pk]
    today = _today()
    assert creator_summary(creator=creators.rizky.public_id, start=today, end=today).pending == 15_000
    refund = return_for_refund(budi, buyer, market, shirts=1)  # one shirt back, refunded from escrow
    assert refund_execute(refund_request=refund).status == "paid"
    shirt = OrderLine.objects.select_related("seller_order").get(seller_order=budi, variant=market.shirt)
    assert creator_commission_for(shirt) == (creators.rizky.public_id, 7_500)
    assert creator_summary(creator=creators.rizky.public_id, start=today, end=today).pending == 7_500
    from lapak.market.orders.services import seller_order_transition

    seller_order_transition(seller_order=SellerOrder.objects.get(pk=budi.pk), to="completed", actor_kind="system")
    release = escrow_release(seller_order=close_window(budi))
    assert release.creators == {creators.rizky.public_id: 7_500} and _payable(creators.rizky) == 7_500
    assert ledger_check() == []


def test_unattributed_and_rateless_lines_earn_nothing(bought, market):
    lines = OrderLine.objects.select_related("seller_order").filter(seller_order__order=bought)
    tea = lines.get(variant=market.tea)
    assert creator_commission_for(tea) is None
    OrderLine.objects.filter(pk=tea.pk).update(attribution_creator="usr_01JAAAAAAAAAAAAAAAAAAAAAAA")
    tea.refresh_from_db()
    assert tea.attribution_rate_bps is None and creator_commission_for(tea) is None  # counted, not paid


def test_the_base_is_net_of_the_shops_voucher_and_rounds_down():
    # 3 × 33,333 = 99,999 of goods 199,999 with a 20,000 shop voucher: the line's share is 9,999 (rounded down).
    assert creator_commission_amount(unit_price=33_333, units=3, seller_discount=20_000, goods_subtotal=199_999,
                                     rate_bps=750) == (99_999 - 9_999) * 750 // 10_000
    assert creator_commission_amount(unit_price=10_000, units=0, seller_discount=0, goods_subtotal=10_000,
                                     rate_bps=1_000) == 0
    assert creator_commission_amount(unit_price=10_001, units=1, seller_discount=0, goods_subtotal=10_001,
                                     rate_bps=1) == 1
