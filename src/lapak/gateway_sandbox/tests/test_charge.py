"""POST /v2/charge for every method, auth, duplicates, the QRIS payload and its PNG, malformed bodies."""

from __future__ import annotations

import base64
import io
import json
import uuid

import httpx
import pytest
from PIL import Image

from lapak.gateway_sandbox.tests.conftest import SERVER_KEY

COMMON = {"status_code": "201", "transaction_status": "pending", "fraud_status": "accept", "currency": "IDR"}


def _crc16_ccitt_false(data: bytes) -> int:
    """Bit by bit, independent of the gateway's library: poly 0x1021, init 0xFFFF, no reflection."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _tlv(payload: str) -> dict[str, str]:
    tags, i = {}, 0
    while i < len(payload):
        tag, length = payload[i : i + 2], int(payload[i + 2 : i + 4])
        tags[tag] = payload[i + 4 : i + 4 + length]
        i += 4 + length
    return tags


def test_qris_charge_has_a_valid_payload_with_the_amount_and_a_qr_action(sandbox):
    answer = sandbox.charge("ord-qris-1", "qris", 150000)
    assert answer.status_code == 200
    data = answer.json()
    assert COMMON.items() <= data.items()
    assert data["gross_amount"] == "150000.00" and data["order_id"] == "ord-qris-1"
    uuid.UUID(data["transaction_id"])
    assert data["transaction_time"] and data["expiry_time"] > data["transaction_time"]
    qr = data["qr_string"]
    tags = _tlv(qr)
    assert tags["00"] == "01" and tags["01"] == "12"  # dynamic QR
    assert tags["53"] == "360" and tags["58"] == "ID"
    assert tags["54"] == "150000"
    assert qr.endswith(tags["63"]) and qr[-8:-4] == "6304"
    assert int(tags["63"], 16) == _crc16_ccitt_false(qr[:-4].encode())
    (action,) = data["actions"]
    assert action["name"] == "generate-qr-code" and action["method"] == "GET"
    png = httpx.get(action["url"])
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png.content))
    assert image.format == "PNG" and image.size[0] == image.size[1] > 100


def test_a_changed_amount_breaks_the_crc(sandbox):
    qr = sandbox.charge("ord-qris-2", "qris", 2500).json()["qr_string"]
    tampered = qr.replace("54042500", "54042600")
    assert tampered != qr
    assert int(tampered[-4:], 16) != _crc16_ccitt_false(tampered[:-4].encode())


@pytest.mark.parametrize("bank", ["bca", "bni", "bri", "cimb"])
def test_bank_transfer_gives_a_va_number_per_bank(sandbox, bank):
    data = sandbox.charge(f"ord-va-{bank}", "bank_transfer", 99000, bank_transfer={"bank": bank}).json()
    assert COMMON.items() <= data.items() and data["payment_type"] == "bank_transfer"
    (va,) = data["va_numbers"]
    assert va["bank"] == bank and va["va_number"].isdigit() and len(va["va_number"]) >= 10
    again = sandbox.client.get(f"/v2/ord-va-{bank}/status").json()
    assert again["va_numbers"] == data["va_numbers"]


def test_a_custom_va_number_is_kept(sandbox):
    data = sandbox.charge("ord-va-own", "bank_transfer", bank_transfer={"bank": "bni", "va_number": "12345678"}).json()
    assert data["va_numbers"] == [{"bank": "bni", "va_number": "12345678"}]


def test_permata_echannel_wallets_and_card(sandbox):
    permata = sandbox.charge("ord-permata", "permata").json()
    assert permata["permata_va_number"].startswith("8778") and len(permata["permata_va_number"]) == 16
    mandiri = sandbox.charge("ord-mandiri", "echannel", echannel={"bill_info1": "Bayar", "bill_info2": "Lapak"}).json()
    assert mandiri["biller_code"] == "70012" and mandiri["bill_key"].isdigit()
    gopay = sandbox.charge("ord-gopay", "gopay").json()
    names = [a["name"] for a in gopay["actions"]]
    assert names == ["generate-qr-code", "deeplink-redirect", "get-status", "cancel"]
    assert httpx.get(gopay["actions"][1]["url"]).status_code == 200
    shopee = sandbox.charge("ord-shopee", "shopeepay").json()
    assert [a["name"] for a in shopee["actions"]] == ["deeplink-redirect"]
    card = sandbox.charge("ord-card", "credit_card", credit_card={"token_id": "481111-1114-abc"}).json()
    assert COMMON.items() <= card.items()
    assert card["redirect_url"].startswith(sandbox.base_url + "/3ds/")
    assert httpx.get(card["redirect_url"]).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic " + base64.b64encode(b"SB-Mid-server-wrong:").decode()},
        {"Authorization": "Basic not-base64!!"},
        {"Authorization": "Bearer " + base64.b64encode(f"{SERVER_KEY}:".encode()).decode()},
    ],
)
def test_wrong_or_missing_server_key_is_refused(sandbox, headers):
    body = {"payment_type": "qris", "transaction_details": {"order_id": "ord-auth", "gross_amount": 1000}}
    answer = httpx.post(sandbox.base_url + "/v2/charge", json=body, headers=headers)
    assert answer.status_code == 401
    assert answer.json()["status_code"] == "401" and "server key" in answer.json()["status_message"]
    assert httpx.get(sandbox.base_url + "/v2/ord-auth/status", headers=headers).status_code == 401
    assert sandbox.client.get("/v2/ord-auth/status").status_code == 404  # nothing was created


def test_a_second_charge_of_one_order_id_is_406(sandbox):
    assert sandbox.charge("ord-dup", "qris").status_code == 200
    again = sandbox.charge("ord-dup", "bank_transfer", bank_transfer={"bank": "bca"})
    assert again.status_code == 406 and again.json()["status_code"] == "406"
    assert sandbox.client.get("/v2/ord-dup/status").json()["payment_type"] == "qris"


def _body(payment_type="qris", order_id="x", gross_amount=5, **extra) -> bytes:
    details = {"order_id": order_id, "gross_amount": gross_amount}
    return json.dumps({"payment_type": payment_type, "transaction_details": details, **extra}).encode()


MALFORMED = [
    b"{not json",
    b"\xff\xfe",
    b"[1, 2]",
    b'"qris"',
    b"null",
    b'{"payment_type": "qris"}',
    b'{"payment_type": "qris", "transaction_details": []}',
    b'{"payment_type": "qris", "transaction_details": {"gross_amount": 1000}}',
    b'{"payment_type": "qris", "transaction_details": {"order_id": "x"}}',
    _body(gross_amount="1000"),
    _body(gross_amount=True),
    _body(gross_amount=10.5),
    _body(gross_amount=-5),
    _body(gross_amount=None),
    _body(order_id=12),
    _body(order_id="a/b"),
    _body(order_id="x" * 51),
    _body(payment_type="bitcoin"),
    _body(payment_type=None),
    _body("bank_transfer"),
    _body("bank_transfer", bank_transfer="bca"),
    _body("bank_transfer", bank_transfer={"bank": "bca", "va_number": "12ab"}),
    _body("qris", qris={"acquirer": "ovo"}),
    _body(item_details=[{"price": 2, "quantity": 2}]),
    _body(item_details={"price": 5}),
    _body(item_details=[{"price": "5", "quantity": 1}]),
    _body(custom_expiry={"expiry_duration": 0}),
    _body(custom_expiry={"expiry_duration": 5, "unit": "week"}),
    _body(custom_expiry="1 hour"),
    _body(custom_expiry={"expiry_duration": 5, "order_time": "tomorrow"}),
    _body("credit_card", credit_card={"token_id": 5}),
]


def test_malformed_charge_bodies_are_400_and_create_nothing(sandbox):
    # One server for all the cases keeps the suite fast; the message names the case that failed.
    for content in MALFORMED:
        answer = sandbox.client.post("/v2/charge", content=content, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, (content, answer.text)
        data = answer.json()
        assert data["status_code"] == "400" and data["validation_messages"], content
    assert sandbox.client.get("/_control/").json() == []


def test_item_details_that_add_up_are_accepted(sandbox):
    items = [{"id": "a", "price": 500, "quantity": 2, "name": "Kopi"}]
    assert sandbox.charge("ord-items", "qris", 1000, item_details=items).status_code == 200


def test_unknown_paths_and_methods(sandbox):
    assert sandbox.client.get("/v2/nothing/here").status_code == 404
    assert sandbox.client.get("/v2/charge").status_code == 405
    assert sandbox.client.get("/v2/qris/unknown/qr-code").status_code == 404
    assert httpx.get(sandbox.base_url + "/healthz").json() == {"status": "ok"}
