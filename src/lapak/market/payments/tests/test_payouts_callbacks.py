"""The gateway's payout status callbacks: signature checked, unknown references refused for a re-send, the
amount checked, paid or returned once — also when our own status read got there first."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from lapak.core.errors import MalformedRequest, NotAuthenticated, NotFound
from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import JournalEntry
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.services.payouts import payout_batch_run, payout_create
from lapak.market.payments.services.payouts_callbacks import callback_signature, payout_callback_receive
from lapak.market.payments.tests.payout_support import fund, in_transit, payable, ready
from lapak.market.payments.tests.test_sandbox_integration import sandbox  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def _body(reference: str, status: str, amount: str, key: str, **extra) -> bytes:
    signature = callback_signature(reference_no=reference, status=status, amount=amount, server_key=key)
    return json.dumps({"reference_no": reference, "status": status, "amount": amount, "signature_key": signature,
                       **extra}).encode()


@pytest.fixture
def sending(market, settings):
    """A payout of Toko Budi sent to the gateway (reference "ref-1"), whose answer has not come back yet."""
    settings.MIDTRANS_SERVER_KEY = "SB-Mid-server-callbacks"
    ready(market.budi, market.budi_owner)
    fund(market.budi, 120_000)
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    Payout.objects.filter(pk=payout.pk).update(status="sending", claimed_at=timezone.now(), attempts=1,
                                               gateway_ref="ref-1")
    return payout


def test_a_completed_callback_pays_once(sending, market, settings):
    key = settings.MIDTRANS_SERVER_KEY
    with pytest.raises(NotAuthenticated):
        payout_callback_receive(provider="midtrans", body=_body("ref-1", "completed", "120000.00", "wrong-key"))
    with pytest.raises(NotFound):
        payout_callback_receive(provider="midtrans", body=_body("ref-unknown", "completed", "120000.00", key))
    with pytest.raises(MalformedRequest):
        payout_callback_receive(provider="midtrans", body=b"[1, 2]")
    assert payout_callback_receive(provider="midtrans", body=_body("ref-1", "completed", "1.00", key)) == "no_change"
    assert Payout.objects.get().status == "sending"

    assert payout_callback_receive(provider="midtrans", body=_body("ref-1", "completed", "120000.00", key)) == "paid"
    assert payout_callback_receive(provider="midtrans", body=_body("ref-1", "completed", "120000.00", key)) \
        == "no_change"
    assert Payout.objects.get().status == "paid" and in_transit(market.budi) == 0
    assert JournalEntry.objects.filter(cause_type="payout").count() == 2 and ledger_check() == []


def test_a_failed_callback_returns_the_money_to_the_balance(sending, market, settings):
    body = _body("ref-1", "failed", "120000.00", settings.MIDTRANS_SERVER_KEY, error_message="Account closed")
    assert payout_callback_receive(provider="midtrans", body=body) == "returned"
    assert payout_callback_receive(provider="midtrans", body=body) == "no_change"
    payout = Payout.objects.get()
    assert payout.status == "returned" and payout.error == "Account closed"
    assert payable(market.budi) == 120_000 and in_transit(market.budi) == 0 and ledger_check() == []


def test_the_sandboxs_own_callback_verifies_and_changes_nothing_after_the_status_read(sandbox, receiver, market):  # noqa: F811
    ready(market.budi, market.budi_owner)
    fund(market.budi, 120_000)
    payout_batch_run()
    payout = Payout.objects.get()
    assert payout.status == "paid"
    receiver.wait_for(1)
    with receiver.lock:
        raw = next(r for r, b in zip(receiver.raw, receiver.received, strict=True)
                   if b.get("reference_no") == payout.gateway_ref)
    assert payout_callback_receive(provider="midtrans", body=raw) == "no_change"
    assert JournalEntry.objects.filter(cause_type="payout").count() == 2 and ledger_check() == []


def test_the_webhook_handler_applies_a_callback(sending, settings, rf):
    from lapak.market.payments.api_payouts import midtrans_payout_webhook

    body = _body("ref-1", "completed", "120000.00", settings.MIDTRANS_SERVER_KEY)
    request = rf.post("/api/v1/payouts/webhooks/midtrans", data=body, content_type="application/json")
    assert midtrans_payout_webhook(request) == {"outcome": "paid"}
    assert Payout.objects.get().status == "paid" and ledger_check() == []
