"""The Midtrans adapter on the official SDK, offline: the requests it builds, the answers it reads, and our
signature check of notifications."""

from __future__ import annotations

import json

import httpx
import pytest

from lapak.core.errors import MalformedRequest, NotAuthenticated
from lapak.market.payments.gateways.base import (
    ChargeRequest,
    EventKind,
    GatewayRefused,
    GatewayUnavailable,
    RefundAnswer,
)
from lapak.market.payments.gateways.midtrans import MidtransGateway, parse_amount
from lapak.market.payments.tests.fake_midtrans import BASE_URL, SERVER_KEY, FakeMidtrans

pytestmark = pytest.mark.django_db  # gettext of the error messages only; no rows


def gateway(fake: FakeMidtrans, base_url: str = BASE_URL) -> MidtransGateway:
    return MidtransGateway(server_key=SERVER_KEY, base_url=base_url, http_client=fake.client())


def charge(method: str, channel: str = "", order_id: str = "pay_1", amount: int = 150_000) -> ChargeRequest:
    return ChargeRequest(provider_order_id=order_id, amount=amount, method=method, channel=channel,
                         expiry_minutes=15, customer_email="budi@example.test")


@pytest.mark.parametrize(("method", "channel", "payment_type", "extra"), [
    ("qris", "", "qris", {}),
    ("va", "bca", "bank_transfer", {"bank_transfer": {"bank": "bca"}}),
    ("va", "bri", "bank_transfer", {"bank_transfer": {"bank": "bri"}}),
    ("va", "permata", "permata", {}),
    ("va", "mandiri", "echannel", {"echannel": {"bill_info1": "Lapak", "bill_info2": "pay_1"}}),
    ("ewallet", "gopay", "gopay", {}),
    ("ewallet", "shopeepay", "shopeepay", {}),
    ("card", "", "credit_card", {"credit_card": {"authentication": True}}),
])
def test_charge_request_per_method_goes_to_the_base_url_with_basic_auth(method, channel, payment_type, extra):
    fake = FakeMidtrans()
    gateway(fake).charge(charge(method, channel))
    request = fake.requests[-1]
    assert str(request.url) == f"{BASE_URL}/v2/charge"
    assert request.method == "POST"
    body = json.loads(request.content)
    assert body["payment_type"] == payment_type
    assert body["transaction_details"] == {"order_id": "pay_1", "gross_amount": 150_000}
    assert body["custom_expiry"] == {"expiry_duration": 15, "unit": "minute"}
    for name, value in extra.items():
        assert body[name] == value


def test_charge_answers_become_instructions():
    fake = FakeMidtrans()
    qris = gateway(fake).charge(charge("qris", order_id="q"))
    assert qris.qr_string.startswith("000201") and qris.provider_ref == fake.transactions["q"]["transaction_id"]
    assert gateway(fake).charge(charge("va", "bca", order_id="v")).va_number == "12345678901"
    assert gateway(fake).charge(charge("va", "permata", order_id="p")).va_number == "8778000011112222"
    mandiri = gateway(fake).charge(charge("va", "mandiri", order_id="m"))
    assert (mandiri.bill_key, mandiri.biller_code) == ("778899001122", "70012")
    assert gateway(fake).charge(charge("ewallet", "gopay", order_id="g")).redirect_url.startswith("https://wallet")
    assert gateway(fake).charge(charge("card", order_id="c")).redirect_url == f"{BASE_URL}/3ds/" + \
        fake.transactions["c"]["transaction_id"]


def test_a_second_charge_of_one_order_id_is_refused_and_an_outage_is_unavailable():
    fake = FakeMidtrans()
    gateway(fake).charge(charge("qris"))
    with pytest.raises(GatewayRefused):
        gateway(fake).charge(charge("qris"))
    fake.fail_with = 503
    with pytest.raises(GatewayUnavailable):
        gateway(fake).charge(charge("qris", order_id="other"))


def test_wrong_server_key_is_refused_and_a_dead_host_is_unavailable():
    fake = FakeMidtrans()
    wrong = MidtransGateway(server_key="wrong", base_url=BASE_URL, http_client=fake.client())
    with pytest.raises(GatewayRefused):
        wrong.charge(charge("qris"))

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    dead = MidtransGateway(server_key=SERVER_KEY, base_url=BASE_URL,
                           http_client=httpx.Client(transport=httpx.MockTransport(refuse)))
    with pytest.raises(GatewayUnavailable):
        dead.charge(charge("qris"))


def test_status_cancel_and_refund():
    fake = FakeMidtrans()
    gw = gateway(fake)
    assert gw.status("nobody") is None
    gw.charge(charge("qris"))
    event = gw.status("pay_1")
    assert (event.kind, event.amount, event.provider_order_id) == (EventKind.PENDING, 150_000, "pay_1")
    gw.cancel("pay_1")
    assert fake.transactions["pay_1"]["transaction_status"] == "cancel"
    gw.cancel("pay_1")  # already final: quietly fine
    gw.cancel("nobody")
    assert gw.refund("pay_1", amount=1000, key="rk-1") == RefundAnswer(reference="rk-1", final=True)
    assert json.loads(fake.requests[-1].content) == {"refund_key": "rk-1", "amount": 1000, "reason": ""}


def test_a_signed_notification_is_verified_and_read():
    fake = FakeMidtrans()
    gw = gateway(fake)
    gw.charge(charge("qris"))
    event = gw.parse_notification(headers={}, body=json.dumps(fake.settle("pay_1")).encode())
    assert (event.kind, event.amount, event.raw_status) == (EventKind.PAID, 150_000, "settlement")
    time = fake.transactions["pay_1"]["transaction_time"]
    assert event.event_key == f"midtrans:pay_1|settlement|200|{time}|150000.00"


@pytest.mark.parametrize("change", ["key", "amount_after_signing", "missing", "order"])
def test_forged_notifications_are_refused(change):
    fake = FakeMidtrans()
    gw = gateway(fake)
    gw.charge(charge("qris"))
    body = fake.settle("pay_1")
    if change == "key":
        body = fake.body("pay_1", key="another-key")
    elif change == "amount_after_signing":
        body["gross_amount"] = "1.00"
    elif change == "missing":
        del body["signature_key"]
    else:
        body["order_id"] = "pay_2"
    with pytest.raises(NotAuthenticated):
        gw.parse_notification(headers={}, body=json.dumps(body).encode())


def test_the_signature_covers_the_amount_string_as_received():
    fake = FakeMidtrans()
    gw = gateway(fake)
    gw.charge(charge("qris"))
    body = fake.body("pay_1", "settlement", amount="150000.0")  # the same money, written differently
    assert gw.parse_notification(headers={}, body=json.dumps(body).encode()).amount == 150_000
    body["gross_amount"] = "150000.00"  # signed over "150000.0": no longer matches
    with pytest.raises(NotAuthenticated):
        gw.parse_notification(headers={}, body=json.dumps(body).encode())


@pytest.mark.parametrize("body", [b"", b"not json", b"[]", b'{"order_id": 1}', b"\xff\xfe"])
def test_malformed_notifications(body):
    with pytest.raises(MalformedRequest):
        gateway(FakeMidtrans()).parse_notification(headers={}, body=body)


def test_amounts():
    assert parse_amount("150000.00") == 150_000
    assert parse_amount("150000") == 150_000
    for bad in ("150000.50", "1e5", "-1.00", "", " 1", "150,000.00", None, 150000):
        with pytest.raises(MalformedRequest):
            parse_amount(bad)


def test_capture_depends_on_the_fraud_check():
    fake = FakeMidtrans()
    gw = gateway(fake)
    gw.charge(charge("card"))
    for fraud, kind in (("accept", EventKind.PAID), ("challenge", EventKind.PENDING), ("deny", EventKind.FAILED)):
        body = fake.body("pay_1", "capture", fraud=fraud)
        assert gw.parse_notification(headers={}, body=json.dumps(body).encode()).kind is kind



def test_two_partial_refunds_of_one_payment_have_their_own_event_keys():
    from lapak.market.payments.gateways.midtrans import event_key

    base = {"order_id": "pay_1", "transaction_status": "partial_refund", "status_code": "200",
            "transaction_time": "2026-11-28 10:00:00", "gross_amount": "150000.00"}
    first, second = {**base, "refund_amount": "50000.00"}, {**base, "refund_amount": "80000.00"}
    assert event_key(first) != event_key(second)
    assert event_key(first) == event_key(dict(first))  # a redelivery still shares its key
    settlement = {**base, "transaction_status": "settlement", "refund_amount": "1.00"}
    assert "1.00" not in event_key(settlement)  # only refunds carry the amount refunded
