"""The sandbox's Iris-like disbursements: auth, validation, idempotent creation, approval to completed (or
failed for the unknown account), and the signed status callback."""

from __future__ import annotations

import hashlib

import httpx

from lapak.gateway_sandbox.tests.conftest import SERVER_KEY

PAYOUT = {"beneficiary_name": "Budi Santoso", "beneficiary_account": "1234567890", "beneficiary_bank": "bca",
          "amount": "150000.00", "notes": "Lapak payout"}


def _create(sandbox, key: str, **changes) -> httpx.Response:
    return sandbox.client.post("/api/v1/payouts", json={"payouts": [{**PAYOUT, **changes}]},
                               headers={"X-Idempotency-Key": key})


def test_create_approve_and_read_a_payout_with_a_signed_callback(sandbox, receiver):
    created = _create(sandbox, "pyo_1")
    assert created.status_code == 201
    reference = created.json()["payouts"][0]["reference_no"]
    assert created.json()["payouts"][0]["status"] == "queued"
    assert _create(sandbox, "pyo_1").json()["payouts"][0]["reference_no"] == reference  # replayed, not paid twice
    assert _create(sandbox, "pyo_1", amount="1.00").status_code == 409
    assert sandbox.client.post("/api/v1/payouts/approve", json={"reference_nos": [reference]}).status_code == 202
    assert sandbox.client.get(f"/api/v1/payouts/{reference}").json()["status"] == "completed"
    callback = receiver.wait_for(1)[0]
    assert callback["reference_no"] == reference and callback["status"] == "completed"
    raw = reference + "completed" + "150000.00" + SERVER_KEY
    assert callback["signature_key"] == hashlib.sha512(raw.encode()).hexdigest()


def test_the_unknown_account_fails_and_bad_requests_are_refused(sandbox):
    reference = _create(sandbox, "pyo_2", beneficiary_account="0009998887").json()["payouts"][0]["reference_no"]
    sandbox.client.post("/api/v1/payouts/approve", json={"reference_nos": [reference]})
    answer = sandbox.client.get(f"/api/v1/payouts/{reference}").json()
    assert answer["status"] == "failed" and answer["error_message"] == "Account does not exist"
    assert _create(sandbox, "pyo_3", beneficiary_account="12ab").status_code == 400
    assert _create(sandbox, "pyo_4", amount="-5").status_code == 400
    assert sandbox.client.post("/api/v1/payouts", json={"payouts": []}).status_code == 400
    assert sandbox.client.get("/api/v1/payouts/nope").status_code == 404
    assert httpx.post(f"{sandbox.base_url}/api/v1/payouts", json={"payouts": [PAYOUT]}).status_code == 401


def test_payout_callbacks_go_to_their_own_address_when_one_is_configured(tmp_path, receiver):
    from lapak.gateway_sandbox.app import make_app
    from lapak.gateway_sandbox.config import Config
    from lapak.gateway_sandbox.server import serve_in_thread

    config = Config(server_key=SERVER_KEY, db_path=tmp_path / "gw.sqlite3", notify_url="http://127.0.0.1:9/payments",
                    payout_notify_url=receiver.url, retry_delays=(0.05,), notify_timeout=2.0)
    app = make_app(config)
    server, base_url = serve_in_thread(app)
    try:
        with httpx.Client(base_url=base_url, auth=(SERVER_KEY, ""), timeout=10) as client:
            created = client.post("/api/v1/payouts", json={"payouts": [PAYOUT]}, headers={"X-Idempotency-Key": "k"})
            reference = created.json()["payouts"][0]["reference_no"]
            client.post("/api/v1/payouts/approve", json={"reference_nos": [reference]})
        assert receiver.wait_for(1)[0]["reference_no"] == reference
    finally:
        server.shutdown()
        server.server_close()
        app.close()
