"""HTTP notifications as a receiver sees them: signed, retried, expired, and forged or disordered on demand."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from lapak.gateway_sandbox.tests.conftest import expected_signature, wait_until

FIELDS = {"transaction_time", "transaction_status", "transaction_id", "status_message", "status_code", "signature_key",
          "payment_type", "order_id", "merchant_id", "gross_amount", "fraud_status", "currency"}


def test_charge_and_payment_send_signed_pending_then_settlement(sandbox, receiver):
    sandbox.charge("ord-n1", "bank_transfer", 150000, bank_transfer={"bank": "bca"})
    httpx.post(f"{sandbox.base_url}/pay/ord-n1")
    pending, settlement = receiver.wait_for(2)
    for body in (pending, settlement):
        assert body.keys() >= FIELDS
        assert body["signature_key"] == expected_signature(body)
        assert body["gross_amount"] == "150000.00" and body["currency"] == "IDR"
        assert body["va_numbers"][0]["bank"] == "bca"
    assert (pending["transaction_status"], pending["status_code"]) == ("pending", "201")
    assert (settlement["transaction_status"], settlement["status_code"]) == ("settlement", "200")
    assert "settlement_time" in settlement and "settlement_time" not in pending
    assert b'"gross_amount": "150000.00"' in receiver.raw[1]  # the string is sent as is, never a number


def test_every_notification_of_a_life_is_signed(sandbox, receiver):
    sandbox.charge("ord-life", "qris", 20000)
    sandbox.client.post("/_control/ord-life/settle")
    sandbox.client.post("/v2/ord-life/refund", json={"refund_key": "a", "amount": 5000})
    sandbox.client.post("/v2/ord-life/refund", json={"refund_key": "b"})
    sandbox.charge("ord-life-2", "gopay", 7000)
    sandbox.client.post("/v2/ord-life-2/cancel")
    bodies = receiver.wait_for(6)
    assert [b["transaction_status"] for b in bodies] == [
        "pending", "settlement", "partial_refund", "refund", "pending", "cancel"]
    assert all(b["signature_key"] == expected_signature(b) for b in bodies)
    assert bodies[3]["refund_amount"] == "20000.00" and len(bodies[3]["refunds"]) == 2


def test_duplicates_arrive_identical(sandbox, receiver):
    sandbox.charge("ord-dup-n", "qris", 1000)
    receiver.wait_for(1)
    sandbox.client.post("/_control/ord-dup-n/settle")
    queued = sandbox.client.post("/_control/ord-dup-n/notify", json={"duplicates": 3}).json()
    assert queued["queued"] == 4
    bodies = receiver.wait_for(6)[2:]
    assert len(bodies) == 4 and all(b == bodies[0] for b in bodies)
    assert bodies[0]["transaction_status"] == "settlement"
    assert bodies[0]["signature_key"] == expected_signature(bodies[0])


def test_concurrent_copies_all_arrive(sandbox, receiver):
    sandbox.charge("ord-burst", "qris", 1000)
    receiver.wait_for(1)
    burst = {"status": "settlement", "duplicates": 19, "concurrent": True}
    sandbox.client.post("/_control/ord-burst/notify", json=burst)
    bodies = receiver.wait_for(21)[1:]
    assert {b["transaction_status"] for b in bodies} == {"settlement"} and len(bodies) == 20


def test_reorder_sends_the_newest_status_first(sandbox, receiver):
    sandbox.charge("ord-re", "qris", 1000)
    sandbox.client.post("/_control/ord-re/settle")
    receiver.wait_for(2)
    sandbox.client.post("/_control/ord-re/notify", json={"reorder": True})
    late = receiver.wait_for(4)[2:]
    assert [b["transaction_status"] for b in late] == ["settlement", "pending"]
    assert all(b["signature_key"] == expected_signature(b) for b in late)


def test_a_late_settlement_after_expiry(sandbox, receiver):
    sandbox.charge("ord-late", "qris", 1000)
    sandbox.client.post("/v2/ord-late/expire")
    forced = sandbox.client.post("/_control/ord-late/settle", json={"force": True}).json()
    assert forced["transaction_status"] == "settlement"
    assert [b["transaction_status"] for b in receiver.wait_for(3)] == ["pending", "expire", "settlement"]


def test_corrupt_signature_and_amount_override(sandbox, receiver):
    sandbox.charge("ord-forge", "qris", 1000)
    receiver.wait_for(1)
    sandbox.client.post("/_control/ord-forge/notify", json={"status": "settlement", "corrupt_signature": True})
    forged = receiver.wait_for(2)[1]
    assert forged["transaction_status"] == "settlement" and forged["signature_key"] != expected_signature(forged)
    sandbox.client.post("/_control/ord-forge/notify", json={"status": "settlement", "amount_override": "1.00"})
    cheap = receiver.wait_for(3)[2]
    assert cheap["gross_amount"] == "1.00" and cheap["signature_key"] == expected_signature(cheap)
    assert sandbox.client.get("/v2/ord-forge/status").json()["transaction_status"] == "pending"  # state untouched


def test_delay(sandbox, receiver):
    sandbox.charge("ord-delay", "qris", 1000)
    receiver.wait_for(1)
    asked = time.monotonic()
    sandbox.client.post("/_control/ord-delay/notify", json={"delay_seconds": 0.6})
    receiver.wait_for(2)
    assert receiver.times[1] - asked >= 0.6


def test_retries_after_500_until_accepted(sandbox, receiver):
    receiver.plan = [500, 503]
    sandbox.charge("ord-retry", "qris", 1000)
    (body,) = receiver.wait_for(1)
    assert body["transaction_status"] == "pending"
    assert receiver.answered == [500, 503, 200]
    (logged,) = wait_until(lambda: [n for n in sandbox.inspect("ord-retry")["notifications"] if n["delivered"]])
    assert [a["http_status"] for a in logged["attempts"]] == [500, 503, 200]


def test_retries_give_up_after_the_last_back_off(sandbox, receiver):
    receiver.plan = [500] * 10
    sandbox.charge("ord-giveup", "qris", 1000)
    wait_until(lambda: len(sandbox.inspect("ord-giveup")["notifications"][0]["attempts"]) >= 4)
    time.sleep(0.5)  # longer than any back-off left, had there been a fifth try
    assert receiver.answered == [500] * 4  # the first try and three retries, as many as the back-off delays
    (logged,) = sandbox.inspect("ord-giveup")["notifications"]
    assert len(logged["attempts"]) == 4 and logged["delivered"] == 0


def test_a_pending_transaction_expires_by_itself_and_says_so(sandbox, receiver):
    data = sandbox.charge("ord-expiry", "qris", 1000, custom_expiry={"expiry_duration": 1, "unit": "second"}).json()
    assert data["expiry_time"] > data["transaction_time"]
    _pending, expired = receiver.wait_for(2, timeout=4)
    assert expired["transaction_status"] == "expire" and expired["status_code"] == "202"
    assert expired["signature_key"] == expected_signature(expired)
    assert sandbox.client.get("/v2/ord-expiry/status").json()["transaction_status"] == "expire"
    assert "Kedaluwarsa" in httpx.get(f"{sandbox.base_url}/pay/ord-expiry").text


def test_the_expiry_counts_from_the_order_time_when_one_is_given(sandbox):
    then = datetime.now(UTC) - timedelta(minutes=10)
    order_time = then.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%Y-%m-%d %H:%M:%S +0700")
    data = sandbox.charge("ord-ordertime", "qris", 1000,
                          custom_expiry={"expiry_duration": 15, "unit": "minute", "order_time": order_time}).json()
    expected = (then.replace(microsecond=0) + timedelta(minutes=15)).astimezone(ZoneInfo("Asia/Jakarta"))
    assert data["expiry_time"] == expected.strftime("%Y-%m-%d %H:%M:%S")


def test_expire_control_and_notification_override_header(sandbox, receiver):
    sandbox.client.post("/v2/charge", headers={"X-Override-Notification": receiver.url + "?via=header"},
                        json={"payment_type": "qris", "transaction_details": {"order_id": "ord-ov", "gross_amount": 9}})
    assert sandbox.inspect("ord-ov")["notify_url"].endswith("?via=header")
    assert sandbox.client.post("/_control/ord-ov/expire").json()["transaction_status"] == "expire"
    assert [b["transaction_status"] for b in receiver.wait_for(2)] == ["pending", "expire"]


def test_malformed_control_bodies_are_400(sandbox):
    sandbox.charge("ord-ctl", "qris", 1000)
    for content in [b"{x", b"[]", b'{"status": "paid"}', b'{"duplicates": -1}', b'{"duplicates": "2"}',
                    b'{"delay_seconds": "soon"}', b'{"reorder": "yes"}', b'{"amount_override": 1}']:
        answer = sandbox.client.post("/_control/ord-ctl/notify", content=content)
        assert answer.status_code == 400, content
    assert sandbox.client.post("/_control/ord-ctl/settle", content=b'{"force": "yes"}').status_code == 400
    assert sandbox.client.post("/_control/ord-none/notify", json={}).status_code == 404
