"""Paying a seller through Xendit (Payouts v2) and Xendit's payout callbacks through
POST /api/v1/payouts/webhooks/xendit: token checked, the payout's state read back from Xendit, paid or returned
once."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.models import JournalEntry
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.payments.gateways.iris import DisbursementOrder
from lapak.market.payments.gateways.registry import XENDIT, gateway_for
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.services.payouts import payout_create
from lapak.market.payments.services.payouts_disburse import payout_disburse
from lapak.market.payments.tests.fake_xendit import CALLBACK_TOKEN, fixture, xendit_fixture  # noqa: F401
from lapak.market.payments.tests.payout_support import fund, in_transit, payable, ready

pytestmark = pytest.mark.django_db
URL = "/api/v1/payouts/webhooks/xendit"


def balance(kind: AccountKind, owner: str) -> int:
    return ledger_balance(kind=kind, owner_ref=owner)


@pytest.fixture
def sending(market, xendit, settings):
    """Toko Budi's payout made with PAYOUT_GATEWAY=xendit and sent to Xendit, which accepted it and has not paid
    it yet."""
    ready(market.budi, market.budi_owner)
    fund(market.budi, 120_000)
    settings.PAYOUT_GATEWAY = XENDIT
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    assert payout.provider == XENDIT
    payout = payout_disburse(payout=payout)
    assert payout.status == "sending" and payout.gateway_ref == xendit.payouts[payout.public_id]["id"]
    made = xendit.payouts[payout.public_id]
    assert (made["channel_code"], made["amount"], made["reference_id"]) == ("ID_BCA", 120_000, payout.public_id)
    return payout


def callback(payout: Payout, *, event: str = "payout.succeeded", token: str | None = CALLBACK_TOKEN, **data):
    body = fixture("callback_payout_succeeded")
    body["event"] = event
    body["data"].update({"id": payout.gateway_ref, "reference_id": payout.public_id, "amount": payout.amount, **data})
    extra = {"HTTP_X_CALLBACK_TOKEN": token} if token is not None else {}
    return Client().post(URL, json.dumps(body), content_type="application/json", **extra)


def test_a_succeeded_payout_is_paid_once_as_xendit_states_it(sending, xendit, market):
    # The body says succeeded, Xendit still says accepted: the body alone moves nothing.
    assert callback(sending).json() == {"outcome": "no_change"}
    assert Payout.objects.get().status == "sending"
    xendit.payouts[sending.public_id]["status"] = "SUCCEEDED"
    assert callback(sending).json() == {"outcome": "paid"}
    assert callback(sending).json() == {"outcome": "no_change"}
    assert Payout.objects.get().status == "paid" and in_transit(market.budi) == 0
    assert JournalEntry.objects.filter(cause_type="payout").count() == 2 and ledger_check() == []


def test_a_failed_payout_returns_the_money_to_the_balance(sending, xendit, market):
    xendit.payouts[sending.public_id].update(status="FAILED", failure_code="INVALID_DESTINATION")
    assert callback(sending, event="payout.failed").json() == {"outcome": "returned"}
    assert callback(sending, event="payout.failed").json() == {"outcome": "no_change"}
    payout = Payout.objects.get()
    assert (payout.status, payout.error) == ("returned", "INVALID_DESTINATION")
    assert payable(market.budi) == 120_000 and in_transit(market.budi) == 0 and ledger_check() == []


@pytest.mark.parametrize("token", [None, "guessed-token"])
def test_a_callback_without_the_token_is_401_and_changes_nothing(sending, xendit, token):
    xendit.payouts[sending.public_id]["status"] = "SUCCEEDED"
    calls = len(xendit.seen)
    assert callback(sending, token=token).status_code == 401
    assert len(xendit.seen) == calls  # not even asked
    assert Payout.objects.get().status == "sending"


def test_a_payout_lapak_has_not_recorded_is_404_so_xendit_sends_it_again(sending, xendit):
    other = gateway_for(XENDIT).disburse(DisbursementOrder(key="pyt_elsewhere", amount=5_000, bank_code="BNI",
                                                           account_number="9876543210", holder_name="Sari"))
    response = callback(Payout(gateway_ref=other.reference, public_id="pyt_elsewhere", amount=5_000))
    assert response.status_code == 404 and response.json()["error"]["code"] == "payout_not_found"
    assert callback(sending, id="").status_code == 400


def test_payouts_go_through_midtrans_unless_the_setting_says_otherwise(market, settings):
    from django.core.exceptions import ImproperlyConfigured

    ready(market.budi, market.budi_owner)
    fund(market.budi, 120_000)
    settings.PAYOUT_GATEWAY = "paypal"
    with pytest.raises(ImproperlyConfigured):
        payout_create(organisation=market.budi, batch_date=timezone.localdate())
    assert not Payout.objects.exists() and payable(market.budi) == 120_000
    del settings.PAYOUT_GATEWAY
    assert payout_create(organisation=market.budi, batch_date=timezone.localdate()).provider == "midtrans"


def test_a_paid_payout_the_bank_sends_back_returns_to_the_sellers_balance_once(sending, xendit, market):
    xendit.payouts[sending.public_id]["status"] = "SUCCEEDED"
    assert callback(sending).json() == {"outcome": "paid"}
    assert balance(AccountKind.GATEWAY_CLEARING, XENDIT) == -120_000
    # Whatever the callback's event says, Xendit's answer is applied: the payout was REVERSED after it was paid.
    xendit.payouts[sending.public_id].update(status="REVERSED", failure_code="REJECTED_BY_CHANNEL")
    assert callback(sending, event="payout.failed").json() == {"outcome": "returned"}
    assert callback(sending, event="payout.failed").json() == {"outcome": "no_change"}
    payout = Payout.objects.get()
    assert (payout.status, payout.error) == ("returned", "REJECTED_BY_CHANNEL")
    assert payable(market.budi) == 120_000 and in_transit(market.budi) == 0
    assert balance(AccountKind.GATEWAY_CLEARING, XENDIT) == 0
    assert set(JournalEntry.objects.filter(cause_type="payout").values_list("key", flat=True)) == {
        f"payout:{payout.public_id}", f"payout.paid:{payout.public_id}",
        f"payout:{payout.public_id}:reversal", f"payout.paid:{payout.public_id}:reversal"}
    assert ledger_check() == []


def test_a_payout_reversed_before_lapak_saw_it_paid_is_returned(sending, xendit, market):
    xendit.payouts[sending.public_id].update(status="REVERSED", failure_code="REJECTED_BY_CHANNEL")
    assert callback(sending, event="payout.failed").json() == {"outcome": "returned"}
    assert Payout.objects.get().status == "returned" and payable(market.budi) == 120_000
    assert not JournalEntry.objects.filter(key=f"payout.paid:{sending.public_id}").exists() and ledger_check() == []
