"""Status, cancel, expire and refund as the Core API answers them, including what it refuses."""

from __future__ import annotations

import threading

import pytest


@pytest.fixture
def settled(sandbox):
    def make(order_id: str, amount: int = 100000, payment_type: str = "qris", **extra) -> dict:
        charged = sandbox.charge(order_id, payment_type, amount, **extra).json()
        assert sandbox.client.post(f"/_control/{order_id}/settle").json()["transaction_status"] == "settlement"
        return charged

    return make


def test_status_by_order_id_and_by_transaction_id(sandbox):
    charged = sandbox.charge("ord-st", "qris", 5000).json()
    by_order = sandbox.client.get("/v2/ord-st/status").json()
    by_id = sandbox.client.get(f"/v2/{charged['transaction_id']}/status").json()
    assert by_order == by_id | {"signature_key": by_order["signature_key"]}
    assert by_order["transaction_status"] == "pending" and by_order["status_code"] == "201"
    assert by_order["gross_amount"] == "5000.00"
    unknown = sandbox.client.get("/v2/ord-none/status")
    assert unknown.status_code == 404 and unknown.json()["status_code"] == "404"


def test_cancel_a_pending_transaction_then_no_more(sandbox):
    sandbox.charge("ord-cancel", "bank_transfer", bank_transfer={"bank": "bri"})
    answer = sandbox.client.post("/v2/ord-cancel/cancel").json()
    assert answer["status_code"] == "200" and answer["transaction_status"] == "cancel"
    assert sandbox.client.get("/v2/ord-cancel/status").json()["transaction_status"] == "cancel"
    again = sandbox.client.post("/v2/ord-cancel/cancel")
    assert again.status_code == 412 and again.json()["status_code"] == "412"
    assert sandbox.client.post("/_control/ord-cancel/settle").status_code == 412


def test_expire_answers_407_and_only_for_pending(sandbox, settled):
    sandbox.charge("ord-exp", "echannel")
    answer = sandbox.client.post("/v2/ord-exp/expire")
    assert answer.status_code == 200
    assert answer.json()["status_code"] == "407" and answer.json()["transaction_status"] == "expire"
    assert sandbox.client.get("/v2/ord-exp/status").json()["status_code"] == "407"
    settled("ord-exp-paid")
    assert sandbox.client.post("/v2/ord-exp-paid/expire").status_code == 412
    assert sandbox.client.post("/v2/ord-exp-paid/cancel").status_code == 412


def test_partial_then_full_refund(sandbox, settled):
    settled("ord-ref", 100000)
    first = sandbox.client.post("/v2/ord-ref/refund", json={"refund_key": "r1", "amount": 30000, "reason": "retur"})
    assert first.status_code == 200
    data = first.json()
    assert data["transaction_status"] == "partial_refund" and data["refund_amount"] == "30000.00"
    assert data["refund_key"] == "r1" and isinstance(data["refund_chargeback_id"], int)
    status = sandbox.client.get("/v2/ord-ref/status").json()
    assert status["refund_amount"] == "30000.00" and [r["refund_key"] for r in status["refunds"]] == ["r1"]
    rest = sandbox.client.post("/v2/ord-ref/refund", json={"refund_key": "r2"}).json()
    assert rest["refund_amount"] == "70000.00" and rest["transaction_status"] == "refund"
    assert sandbox.client.post("/v2/ord-ref/refund", json={"refund_key": "r3", "amount": 1}).status_code == 412


def test_over_refund_is_refused_and_changes_nothing(sandbox, settled):
    settled("ord-over", 50000)
    too_much = sandbox.client.post("/v2/ord-over/refund", json={"refund_key": "big", "amount": 50001})
    assert too_much.status_code == 412 and too_much.json()["status_code"] == "412"
    assert sandbox.client.post("/v2/ord-over/refund", json={"refund_key": "a", "amount": 40000}).status_code == 200
    assert sandbox.client.post("/v2/ord-over/refund", json={"refund_key": "b", "amount": 10001}).status_code == 412
    status = sandbox.client.get("/v2/ord-over/status").json()
    assert status["refund_amount"] == "40000.00" and status["transaction_status"] == "partial_refund"


def test_a_repeated_refund_key_replays_and_never_refunds_twice(sandbox, settled):
    settled("ord-idem", 80000)
    first = sandbox.client.post("/v2/ord-idem/refund", json={"refund_key": "same", "amount": 20000}).json()
    again = sandbox.client.post("/v2/ord-idem/refund", json={"refund_key": "same", "amount": 20000}).json()
    assert again == first
    without_amount = sandbox.client.post("/v2/ord-idem/refund", json={"refund_key": "same"}).json()
    assert without_amount == first
    other = sandbox.client.post("/v2/ord-idem/refund", json={"refund_key": "same", "amount": 1000})
    assert other.status_code == 409
    assert sandbox.client.get("/v2/ord-idem/status").json()["refund_amount"] == "20000.00"


def test_concurrent_refunds_never_exceed_the_amount(sandbox, settled):
    settled("ord-race", 10000)
    barrier, answers = threading.Barrier(8), []

    def refund(n: int) -> None:
        barrier.wait()
        answers.append(sandbox.client.post("/v2/ord-race/refund", json={"refund_key": f"k{n}", "amount": 3000}))

    threads = [threading.Thread(target=refund, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [200] * 3 + [412] * 5
    assert sandbox.client.get("/v2/ord-race/status").json()["refund_amount"] == "9000.00"


def test_refunds_are_refused_for_pending_and_for_virtual_accounts(sandbox):
    sandbox.charge("ord-pend", "qris")
    assert sandbox.client.post("/v2/ord-pend/refund", json={"amount": 10}).status_code == 412
    sandbox.charge("ord-va", "bank_transfer", bank_transfer={"bank": "bca"})
    sandbox.client.post("/_control/ord-va/settle")
    refused = sandbox.client.post("/v2/ord-va/refund", json={"amount": 10})
    assert refused.status_code == 412 and "bank_transfer" in refused.json()["status_message"]
    assert sandbox.client.post("/v2/ord-missing/refund", json={"amount": 10}).status_code == 404


def test_malformed_refund_bodies_are_400(sandbox, settled):
    settled("ord-badref", 1000)
    for content in [b"{oops", b"[]", b'{"amount": "10"}', b'{"amount": 0}', b'{"amount": -1}', b'{"amount": 1.5}',
                    b'{"refund_key": 7}', b'{"refund_key": ""}', b'{"reason": ["x"]}']:
        answer = sandbox.client.post("/v2/ord-badref/refund", content=content)
        assert answer.status_code == 400 and answer.json()["validation_messages"], content
    assert "refund_amount" not in sandbox.client.get("/v2/ord-badref/status").json()


def test_card_3ds_then_capture_then_settle(sandbox):
    card = sandbox.charge("ord-3ds", "credit_card", credit_card={"token_id": "t"}).json()
    page = sandbox.client.post(card["redirect_url"], data={"action": "approve"}, follow_redirects=True)
    assert page.status_code == 200 and "Lunas" in page.text
    status = sandbox.client.get("/v2/ord-3ds/status").json()
    assert status["transaction_status"] == "capture" and status["status_code"] == "200"
    assert sandbox.client.post("/_control/ord-3ds/settle").json()["transaction_status"] == "settlement"
    denied = sandbox.charge("ord-3ds-no", "credit_card").json()
    sandbox.client.post(denied["redirect_url"], data={"action": "deny"})
    status = sandbox.client.get("/v2/ord-3ds-no/status").json()
    assert status["transaction_status"] == "deny" and status["fraud_status"] == "deny"
