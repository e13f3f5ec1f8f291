"""The official `midtransclient` (what Lapak's midtrans adapter uses) against the sandbox, unchanged.

`CoreApi` builds every URL as `api_config.get_core_api_base_url() + "/v2/..."`, and that method reads the
class attribute `CORE_SANDBOX_BASE_URL`; setting it on the instance points one client at the sandbox.
"""

from __future__ import annotations

import midtransclient
import pytest
from midtransclient.error_midtrans import MidtransAPIError

from lapak.gateway_sandbox.tests.conftest import SERVER_KEY, expected_signature


def _client(base_url: str, server_key: str = SERVER_KEY) -> midtransclient.CoreApi:
    core = midtransclient.CoreApi(is_production=False, server_key=server_key, client_key="SB-Mid-client-test")
    core.api_config.CORE_SANDBOX_BASE_URL = base_url
    return core


def test_the_official_client_charges_reads_and_refunds(sandbox, receiver):
    core = _client(sandbox.base_url)
    charged = core.charge({
        "payment_type": "bank_transfer",
        "transaction_details": {"order_id": "mc-1", "gross_amount": 125000},
        "bank_transfer": {"bank": "bni"},
        "item_details": [{"id": "sku-1", "price": 125000, "quantity": 1, "name": "Batik"}],
        "customer_details": {"first_name": "Budi", "email": "budi@example.test"},
    })
    assert charged["status_code"] == "201" and charged["va_numbers"][0]["bank"] == "bni"
    status = core.transactions.status("mc-1")
    assert status["transaction_status"] == "pending" and status["gross_amount"] == "125000.00"
    assert status["signature_key"] == expected_signature(status)

    qris = core.charge({"payment_type": "qris", "transaction_details": {"order_id": "mc-2", "gross_amount": 5000}})
    sandbox.client.post("/_control/mc-2/settle")
    refund = core.transactions.refund("mc-2", {"refund_key": "mc-2-r1", "amount": 2000, "reason": "retur"})
    assert refund["transaction_status"] == "partial_refund" and refund["refund_amount"] == "2000.00"
    assert core.transactions.refund("mc-2", {"refund_key": "mc-2-r1", "amount": 2000}) == refund
    assert core.transactions.status(qris["transaction_id"])["refund_amount"] == "2000.00"

    core.charge({"payment_type": "gopay", "transaction_details": {"order_id": "mc-3", "gross_amount": 700}})
    assert core.transactions.cancel("mc-3")["transaction_status"] == "cancel"
    core.charge({"payment_type": "echannel", "transaction_details": {"order_id": "mc-4", "gross_amount": 700}})
    expired = core.transactions.expire("mc-4")  # status_code 407 is a success to the client
    assert expired["transaction_status"] == "expire" and expired["status_code"] == "407"


def test_the_official_client_raises_on_errors(sandbox):
    core = _client(sandbox.base_url)
    body = {"payment_type": "qris", "transaction_details": {"order_id": "mc-err", "gross_amount": 1000}}
    with pytest.raises(MidtransAPIError) as wrong_key:
        _client(sandbox.base_url, "SB-Mid-server-wrong").charge(body)
    assert wrong_key.value.http_status_code == 401
    core.charge(body)
    with pytest.raises(MidtransAPIError) as duplicate:
        core.charge(body)
    assert duplicate.value.http_status_code == 406 and duplicate.value.api_response_dict["status_code"] == "406"
    with pytest.raises(MidtransAPIError) as over:
        sandbox.client.post("/_control/mc-err/settle")
        core.transactions.refund("mc-err", {"refund_key": "x", "amount": 1001})
    assert over.value.http_status_code == 412
    with pytest.raises(MidtransAPIError) as missing:
        core.transactions.status("mc-none")
    assert missing.value.http_status_code == 404


def test_the_notification_helper_verifies_by_asking_the_sandbox(sandbox, receiver):
    core = _client(sandbox.base_url)
    core.charge({"payment_type": "qris", "transaction_details": {"order_id": "mc-n", "gross_amount": 3000}})
    sandbox.client.post("/_control/mc-n/settle")
    settled = receiver.wait_for(2)[1]
    # midtransclient's notification() re-reads the status from the gateway by transaction_id.
    assert core.transactions.notification(settled)["transaction_status"] == "settlement"
