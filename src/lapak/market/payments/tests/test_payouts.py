"""The daily payout batch: one payout per seller whose payable reaches the minimum, holds recorded with their
reasons, disbursement through the sandbox gateway's Iris-like endpoint (paid once, failures retried, a bank's
refusal returned to the balance), and the ledger sound after each step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from lapak.gateway_sandbox.tests.conftest import receiver  # noqa: F401  (a fixture)
from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.payments.models_payouts import Payout
from lapak.market.payments.services.payouts import payout_batch_run, payout_create
from lapak.market.payments.services.payouts_disburse import payout_disburse, payouts_disburse_due
from lapak.market.payments.tests.payout_support import fund, in_transit, payable, ready
from lapak.market.payments.tests.release_support import completed, paid_order
from lapak.market.payments.tests.test_sandbox_integration import sandbox  # noqa: F401  (a fixture)
from lapak.market.sellers.models import BankAccount, SellerOrganisation

__all__ = ["completed", "paid_order"]  # fixtures
pytestmark = pytest.mark.django_db
DEAD = "http://127.0.0.1:9"  # nothing listens: the gateway is unreachable


def clearing() -> int:
    return ledger_balance(kind=AccountKind.GATEWAY_CLEARING, owner_ref="midtrans")




def test_the_batch_pays_each_seller_above_the_minimum_once(sandbox, market, settings):  # noqa: F811
    ready(market.budi, market.budi_owner)
    ready(market.sari, market.sari_owner)
    fund(market.budi, 120_000)
    fund(market.sari, 49_999)  # below the default minimum of Rp 50,000
    before = clearing()

    counts = payout_batch_run()
    assert counts["created"] == 1 and counts["paid"] == 1 and counts["held"] == 0
    payout = Payout.objects.get()
    assert payout.seller_id == market.budi.pk and payout.amount == 120_000 and payout.status == "paid"
    assert payout.gateway_ref and payout.paid_at and payout.attempts == 1 and payout.hold_reasons == []
    assert payable(market.budi) == 0 and in_transit(market.budi) == 0 and clearing() == before - 120_000
    assert payable(market.sari) == 49_999
    assert ledger_check() == []

    # The gateway recorded one payout to the shop's account, under the payout's key.
    status = sandbox.get(f"/api/v1/payouts/{payout.gateway_ref}", auth=(settings.MIDTRANS_SERVER_KEY, "")).json()
    assert status["status"] == "completed" and status["amount"] == "120000.00"
    assert status["beneficiary_account"] == "1234567890"

    # A second run the same day pays nobody twice, even with new money in the payable.
    fund(market.budi, 80_000)
    assert payout_batch_run()["created"] == 0 and Payout.objects.count() == 1 and payable(market.budi) == 80_000
    # The minimum is a setting.
    settings.PAYOUT_MINIMUM = 10_000
    tomorrow = timezone.now() + timedelta(days=1)
    assert payout_batch_run(now=tomorrow)["created"] == 2
    assert payable(market.budi) == 0 and payable(market.sari) == 0 and ledger_check() == []


def test_holds_are_recorded_with_their_reasons_and_move_no_money(market):
    ready(market.budi, market.budi_owner)
    BankAccount.objects.filter(organisation=market.budi, is_current=True).update(status="pending")
    ready(market.sari, market.sari_owner)
    SellerOrganisation.objects.filter(pk=market.sari.pk).update(
        payout_hold_until=timezone.now() + timedelta(hours=20))  # its account changed 4 hours ago
    fund(market.budi, 70_000)
    fund(market.sari, 90_000)

    counts = payout_batch_run()
    assert counts["held"] == 2 and counts["created"] == 0
    budi, sari = (Payout.objects.get(seller=org) for org in (market.budi, market.sari))
    assert budi.status == "held" and budi.hold_reasons == ["bank_account_unverified"] and budi.amount == 70_000
    assert sari.status == "held" and sari.hold_reasons == ["bank_account_changed"]
    with translation.override("en"):
        assert "changed in the last 24 hours" in sari.hold_messages()[0]
    assert "diubah dalam 24 jam terakhir" in sari.hold_messages()[0]  # Bahasa Indonesia by default
    assert payable(market.budi) == 70_000 and payable(market.sari) == 90_000 and in_transit(market.budi) == 0
    assert ledger_check() == []


def test_a_replaced_account_holds_even_without_the_organisations_hold_date(market):
    ready(market.budi, market.budi_owner)
    BankAccount.objects.filter(organisation=market.budi, is_current=False).update(
        replaced_at=timezone.now() - timedelta(hours=23))
    fund(market.budi, 70_000)
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    assert payout.status == "held" and payout.hold_reasons == ["bank_account_changed"]


def test_an_open_return_holds_the_payout(completed, market, buyer):
    from lapak.market.orders.returns.services import return_request_open

    ready(market.budi, market.budi_owner)
    fund(market.budi, 60_000)
    return_request_open(seller_order=completed.budi, buyer=buyer, quantities={market.shirt.public_id: 1},
                        reason="damaged", description="Jahitan lepas")
    payout = payout_create(organisation=market.budi, batch_date=timezone.localdate())
    assert payout.status == "held" and payout.hold_reasons == ["return_open"]
    assert payable(market.budi) == 60_000


def test_a_failed_disbursement_is_retried_later_and_pays_once(sandbox, market, settings):  # noqa: F811
    ready(market.budi, market.budi_owner)
    fund(market.budi, 100_000)
    good = settings.MIDTRANS_BASE_URL
    settings.MIDTRANS_BASE_URL = DEAD
    payout_batch_run()
    payout = Payout.objects.get()
    assert payout.status == "failed" and "payment_gateway_unavailable" in payout.error
    assert payout.attempts == 1 and payout.next_attempt_at > timezone.now()
    assert payable(market.budi) == 0 and in_transit(market.budi) == 100_000  # on its way, not spendable
    assert payout_disburse(payout=payout).status == "failed"  # not due yet: not claimed again
    assert Payout.objects.get().attempts == 1 and ledger_check() == []

    settings.MIDTRANS_BASE_URL = good
    counts = payouts_disburse_due(now=payout.next_attempt_at)
    payout = Payout.objects.get()
    assert counts["paid"] == 1 and payout.status == "paid" and payout.attempts == 2 and payout.error == ""
    assert in_transit(market.budi) == 0 and ledger_check() == []
    # Sending it again (a stuck claim retaken) replays at the gateway under the same key: still one payout.
    from lapak.market.payments.gateways.iris import DisbursementOrder
    from lapak.market.payments.gateways.registry import gateway_for

    again = gateway_for("midtrans").disburse(DisbursementOrder(
        key=payout.public_id, amount=100_000, bank_code="BCA", account_number="1234567890", holder_name="Budi"))
    assert again.reference == payout.gateway_ref


def test_a_payout_the_bank_refuses_returns_to_the_balance(sandbox, market):  # noqa: F811
    ready(market.budi, market.budi_owner, number="0001112223")  # the sandbox's unknown account
    fund(market.budi, 100_000)
    payout_batch_run()
    payout = Payout.objects.get()
    assert payout.status == "returned" and payout.error == "Account does not exist"
    assert payable(market.budi) == 100_000 and in_transit(market.budi) == 0 and ledger_check() == []
    assert payout_disburse(payout=payout).status == "returned"  # final: never sent again



def test_the_daily_job_and_the_command_run_the_batch(market, settings):
    import io
    import json

    from django.core.management import call_command

    from lapak.core.tasks.periodic import _jobs

    assert _jobs["payments.payout_batch"].every == timedelta(days=1) and "payments.payouts_retry" in _jobs
    settings.MIDTRANS_BASE_URL = DEAD
    ready(market.budi, market.budi_owner)
    fund(market.budi, 55_000)
    out = io.StringIO()
    call_command("payout_batch", stdout=out)
    assert json.loads(out.getvalue()) == {"created": 1, "held": 0, "paid": 0, "failed": 1, "returned": 0,
                                          "sending": 0}
    assert Payout.objects.get().status == "failed" and ledger_check() == []


def test_the_iris_requests_the_adapter_sends(settings):
    """Offline, against Iris' documented shapes: create with the idempotency key, approve, read the status."""
    import httpx

    from lapak.market.payments.gateways.iris import DisbursementOrder
    from lapak.market.payments.gateways.midtrans import MidtransGateway

    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/iris/api/v1/payouts":
            return httpx.Response(201, json={"payouts": [{"status": "queued", "reference_no": "ref-9"}]})
        if request.url.path == "/iris/api/v1/payouts/approve":
            return httpx.Response(202, json={"status": "ok"})
        return httpx.Response(200, json={"reference_no": "ref-9", "status": "processed", "amount": "75000.00"})

    gateway = MidtransGateway(server_key="IRIS-KEY", base_url="https://api.sandbox.midtrans.com",
                              http_client=httpx.Client(transport=httpx.MockTransport(answer)),
                              iris_url="https://app.sandbox.midtrans.com/iris")
    result = gateway.disburse(DisbursementOrder(key="pyo_abc", amount=75_000, bank_code="BCA",
                                                account_number="1234567890", holder_name="Budi Santoso"))
    assert (result.reference, result.status) == ("ref-9", "processed")
    create, approve, status = seen
    assert create.headers["X-Idempotency-Key"] == "pyo_abc" and create.headers["Authorization"].startswith("Basic ")
    assert json_of(create) == {"payouts": [{"beneficiary_name": "Budi Santoso", "beneficiary_account": "1234567890",
                                            "beneficiary_bank": "bca", "amount": "75000.00", "notes": ""}]}
    assert json_of(approve) == {"reference_nos": ["ref-9"]}
    assert status.method == "GET" and str(status.url) == "https://app.sandbox.midtrans.com/iris/api/v1/payouts/ref-9"


def json_of(request) -> dict:
    import json

    return json.loads(request.content)
