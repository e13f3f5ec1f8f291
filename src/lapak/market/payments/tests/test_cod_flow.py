"""Cash on delivery end to end: a returned COD parcel is refunded to the buyer's bank account (there is no
gateway to refund through), escrow is released after delivery and the window, the courier's cash arrives, and
the ledger balances at every step."""

from __future__ import annotations

import pytest

from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.orders.models import RefundRoute
from lapak.market.payments.services import payment_intent_create
from lapak.market.payments.services.cod_remittance import cod_remittance_record
from lapak.market.payments.services.refunds import refund_execute
from lapak.market.payments.services.refunds_bank import bank_refund_mark_paid, refund_bank_account_give
from lapak.market.payments.services.release import escrows_release_due
from lapak.market.payments.tests.cod_support import deliver, parcel, parts, place_cod, remittance_of
from lapak.market.payments.tests.refund_support import balance, return_for_refund
from lapak.market.payments.tests.release_support import close_window

pytestmark = pytest.mark.django_db


def test_a_returned_cod_parcel_is_refunded_to_a_bank_account(place, market, buyer,
                                                             django_capture_on_commit_callbacks):
    order = place_cod(place, market, buyer)
    payment_intent_create(order=order, buyer=buyer, method="cod")
    budi = deliver(parts(order)[0], market, django_capture_on_commit_callbacks)
    held = balance(AccountKind.ESCROW, budi.public_id)
    refund = return_for_refund(budi, buyer, market, shirts=1)
    refund = refund_execute(refund_request=refund)
    assert (refund.route, refund.status) == (RefundRoute.BANK, "awaiting_bank_account")
    assert balance(AccountKind.ESCROW, budi.public_id) == held - refund.amount
    assert balance(AccountKind.REFUNDS_PAYABLE, order.public_id) == refund.amount
    row = refund_bank_account_give(refund_request=refund, buyer=buyer, bank_code="bca",
                                          account_number="1234567890", holder_name="Budi Pembeli")
    assert ledger_check() == []
    refund = bank_refund_mark_paid(bank_refund=row, actor="operator:test", transfer_ref="TRF-1")
    assert refund.status == "paid" and balance(AccountKind.REFUNDS_PAYABLE, order.public_id) == 0
    # The money leaves from where the courier's cash arrives, not from a payment gateway's clearing.
    assert balance(AccountKind.GATEWAY_CLEARING, "cod:sandbox") == -refund.amount
    assert balance(AccountKind.GATEWAY_CLEARING, "") == 0
    assert ledger_check() == []


def test_a_full_cod_flow_balances(place, market, buyer, catalogue, django_capture_on_commit_callbacks):
    from lapak.market.orders.services import seller_order_transition

    order = place_cod(place, market, buyer)
    payment_intent_create(order=order, buyer=buyer, method="cod")
    assert ledger_check() == []
    sos = [deliver(so, market, django_capture_on_commit_callbacks) for so in parts(order)]
    assert ledger_check() == []
    for so in sos:
        seller_order_transition(seller_order=so, to="completed", actor_kind="buyer", actor=buyer)
        close_window(so)
    assert escrows_release_due()["released"] == 2
    assert all(balance(AccountKind.ESCROW, so.public_id) == 0 for so in sos)
    assert ledger_check() == []
    result = cod_remittance_record(provider="sandbox", reference="RMT-1", remitted_on=order.placed_at.date(),
                                   lines=remittance_of(*sos))
    assert result.matched == 2 and balance(AccountKind.COD_RECEIVABLE, "sandbox") == 0
    assert balance(AccountKind.GATEWAY_CLEARING, "cod:sandbox") == order.grand_total
    assert parcel(sos[0]).intent.status == "paid" and ledger_check() == []
