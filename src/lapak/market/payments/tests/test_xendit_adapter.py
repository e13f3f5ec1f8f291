"""The Xendit adapter on the official SDK, offline: the requests it builds, the answers it reads (fixtures made
from Xendit's documentation, served by fake_xendit), and our token check of callbacks."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import httpx
import pytest

from lapak.core.errors import MalformedRequest, NotAuthenticated
from lapak.market.payments.gateways.base import (
    ChargeRequest,
    EventKind,
    GatewayRefused,
    GatewayUnavailable,
    RefundAnswer,
    SettlementKind,
)
from lapak.market.payments.gateways.iris import DisbursementOrder
from lapak.market.payments.gateways.xendit import XenditGateway
from lapak.market.payments.gateways.xendit_transport import query_pairs
from lapak.market.payments.tests.fake_xendit import BASE_URL, CALLBACK_TOKEN, SECRET_KEY, FakeXendit, fixture, headers

pytestmark = pytest.mark.django_db  # gettext of the error messages only; no rows
ORDER_TIME = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def gateway(fake: FakeXendit, *, key: str = SECRET_KEY, client: httpx.Client | None = None) -> XenditGateway:
    return XenditGateway(secret_key=key, callback_token=CALLBACK_TOKEN, base_url=BASE_URL,
                         http_client=client or fake.client(), return_url="https://lapak.example/payments/return")


def charge(method: str, channel: str = "", order_id: str = "pay_1", amount: int = 150_000) -> ChargeRequest:
    return ChargeRequest(provider_order_id=order_id, amount=amount, method=method, channel=channel,
                         expiry_minutes=15, order_time=ORDER_TIME, customer_name="Siti Rahma")


def sent(fake: FakeXendit, index: int = -1) -> dict:
    return json.loads(fake.seen[index].content)


@pytest.mark.parametrize(("method", "channel", "kind", "channel_code"), [
    ("qris", "", "QR_CODE", "QRIS"),
    *[("va", bank, "VIRTUAL_ACCOUNT", bank.upper()) for bank in ("bca", "bni", "bri", "mandiri", "permata", "cimb")],
    ("ewallet", "shopeepay", "EWALLET", "SHOPEEPAY"),
    ("card", "", "CARD", None),
])
def test_charge_sends_one_payment_request_per_order_id_with_an_absolute_expiry(method, channel, kind, channel_code):
    fake = FakeXendit()
    gateway(fake).charge(charge(method, channel))
    request = fake.seen[-1]
    assert (request.method, str(request.url)) == ("POST", f"{BASE_URL}/payment_requests")
    assert request.headers["idempotency-key"] == "pay_1"
    body = sent(fake)
    assert (body["reference_id"], body["amount"], body["currency"], body["country"]) == ("pay_1", 150000, "IDR", "ID")
    pm = body["payment_method"]
    assert (pm["type"], pm["reusability"], pm["reference_id"]) == (kind, "ONE_TIME_USE", "pay_1")
    detail = pm[kind.lower()]
    assert detail.get("channel_code") == channel_code
    if kind != "EWALLET":  # Xendit's e-wallets take no expiry: ours decides
        # 15 minutes from the intent's creation, not from the call, written in WIB.
        assert detail["channel_properties"]["expires_at"] == "2026-11-28T17:15:00+07:00"
    if kind == "VIRTUAL_ACCOUNT":
        assert detail["channel_properties"]["customer_name"] == "Siti Rahma"
    if kind in ("EWALLET", "CARD"):
        assert detail["channel_properties"]["success_return_url"] == "https://lapak.example/payments/return"


def test_answers_become_instructions():
    fake = FakeXendit()
    va = gateway(fake).charge(charge("va", "bni", order_id="v"))
    assert va.va_number == "8808999912345678" and va.provider_ref == fake.requests["v"]["id"]
    assert va.expires_at == datetime(2026, 11, 28, 10, 15, tzinfo=UTC)
    assert gateway(fake).charge(charge("qris", order_id="q")).qr_string.startswith("000201")
    wallet = gateway(fake).charge(charge("ewallet", "shopeepay", order_id="w"))
    assert wallet.redirect_url.startswith("https://wsa.wallet.airpay.co.id/")  # the deeplink first: phones
    card = gateway(fake).charge(charge("card", order_id="c"))
    assert card.redirect_url.startswith("https://redirect.xendit.co/authentications/")


@pytest.mark.parametrize(("method", "channel"), [("ewallet", "gopay"), ("ewallet", "ovo"), ("va", "bsi"),
                                                 ("cod", ""), ("qris", "bca")])
def test_a_method_xendit_lacks_is_refused_before_any_call(method, channel):
    fake = FakeXendit()
    with pytest.raises(GatewayRefused):
        gateway(fake).charge(charge(method, channel))
    assert fake.seen == []


def test_errors_wrong_key_is_refused_outages_are_unavailable():
    fake = FakeXendit()
    with pytest.raises(GatewayRefused):
        gateway(fake, key="xnd_development_wrong").charge(charge("qris"))
    for status in (429, 500, 503):
        fake.fail_with = status
        with pytest.raises(GatewayUnavailable):
            gateway(fake).charge(charge("qris", order_id=f"o{status}"))

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    dead = httpx.Client(transport=httpx.MockTransport(refuse))
    with pytest.raises(GatewayUnavailable):
        gateway(fake, client=dead).status("pay_1")


def test_an_answer_the_sdk_cannot_read_is_unavailable():
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(201, json={"id": 1})))
    with pytest.raises(GatewayUnavailable):
        gateway(FakeXendit(), client=client).charge(charge("qris"))


def test_status_reads_the_payment_request_by_reference_id_and_shares_the_callback_key():
    fake = FakeXendit()
    gw = gateway(fake)
    assert gw.status("nobody") is None
    gw.charge(charge("va", "bca"))
    pending = gw.status("pay_1")
    assert (pending.kind, pending.amount, pending.provider_ref) == (EventKind.PENDING, 150_000,
                                                                   fake.requests["pay_1"]["id"])
    assert fake.seen[-1].url.params.get("reference_id") == "pay_1"
    callback = fake.pay("pay_1")
    paid = gw.status("pay_1")
    assert (paid.kind, paid.amount) == (EventKind.PAID, 150_000)
    heard = gw.parse_notification(headers=headers(), body=json.dumps(callback).encode())
    assert heard.event_key == paid.event_key == "xendit:pay_1|SUCCEEDED|150000"


def test_cancel_expires_the_payment_method_once_and_tolerates_the_rest():
    fake = FakeXendit()
    gw = gateway(fake)
    gw.cancel("nobody")  # never charged
    gw.charge(charge("qris"))
    gw.cancel("pay_1")
    method_id = fake.requests["pay_1"]["payment_method"]["id"]
    assert [(r.method, r.url.path) for r in fake.seen[-2:]] == [
        ("GET", "/payment_requests"), ("POST", f"/v2/payment_methods/{method_id}/expire")]
    calls = len(fake.seen)
    gw.cancel("pay_1")  # already closed: asked, not expired again
    assert len(fake.seen) == calls + 1
    fake.fail_with = 503
    with pytest.raises(GatewayUnavailable):
        gw.cancel("pay_1")


def test_refund_once_per_key_with_our_order_id_in_the_metadata():
    fake = FakeXendit()
    gw = gateway(fake)
    gw.charge(charge("ewallet", "shopeepay"))
    with pytest.raises(GatewayRefused):  # not paid yet
        gw.refund("pay_1", amount=50_000, key="ref_1")
    fake.pay("pay_1")
    answer = gw.refund("pay_1", amount=50_000, key="ref_1", reason="Lapak refund")
    reference = answer.reference
    assert fake.seen[-1].headers["idempotency-key"] == "ref_1"
    body = sent(fake)
    assert body["payment_request_id"] == fake.requests["pay_1"]["id"]
    assert (body["reference_id"], body["amount"], body["currency"]) == ("ref_1", 50000, "IDR")
    assert body["metadata"] == {"lapak_order_id": "pay_1", "note": "Lapak refund"}
    assert reference.startswith("rfd-") and not answer.final  # Xendit answers PENDING: not paid yet
    # A retry Xendit refuses as a duplicate reads the refund made the first time.
    assert gw.refund("pay_1", amount=50_000, key="ref_1") == answer
    assert len(fake.refunds) == 1
    # Read again by its id: final once Xendit has paid it, GatewayRefused once it failed.
    assert gw.refund_status(reference) == answer
    fake.refunds["ref_1"]["status"] = "SUCCEEDED"
    assert gw.refund_status(reference) == RefundAnswer(reference=reference, final=True)
    assert gw.refund("pay_1", amount=50_000, key="ref_1").final
    fake.refunds["ref_1"].update(status="FAILED", failure_code="INSUFFICIENT_BALANCE")
    with pytest.raises(GatewayRefused, match="INSUFFICIENT_BALANCE"):
        gw.refund_status(reference)
    with pytest.raises(GatewayRefused):
        gw.refund("nobody", amount=1, key="ref_2")


def test_disburse_pays_a_bank_account_once_per_key():
    fake = FakeXendit()
    gw = gateway(fake)
    order = DisbursementOrder(key="pyt_1", amount=90_000, bank_code="bca", account_number="0123456789",
                              holder_name="Budi Santoso", notes="Lapak payout pyt_1")
    result = gw.disburse(order)
    assert fake.seen[-1].headers["idempotency-key"] == "pyt_1"
    body = sent(fake)
    assert (body["reference_id"], body["channel_code"], body["amount"], body["currency"]) == \
        ("pyt_1", "ID_BCA", 90000, "IDR")
    assert body["channel_properties"] == {"account_number": "0123456789", "account_holder_name": "Budi Santoso"}
    assert (result.status, result.reference) == ("processed", fake.payouts["pyt_1"]["id"])
    fake.payouts["pyt_1"]["status"] = "SUCCEEDED"
    assert gw.disburse(order).status == "completed"  # the duplicate is read back, not paid twice
    assert len(fake.payouts) == 1
    fake.payouts["pyt_1"].update(status="FAILED", failure_code="INVALID_DESTINATION")
    assert (gw.disburse(order).status, gw.disburse(order).error) == ("failed", "INVALID_DESTINATION")
    with pytest.raises(GatewayRefused):
        gw.disburse(DisbursementOrder(key="pyt_2", amount=1, bank_code="b c a", account_number="1",
                                      holder_name="x"))


def test_settlements_read_the_days_transactions():
    fake = FakeXendit()
    records = gateway(fake).settlements(date(2026, 11, 28))
    params = fake.seen[-1].url.params
    assert params["created[gte]"] == "2026-11-28T00:00:00+07:00" and params["currency"] == "IDR"
    assert params.get_list("types") == ["PAYMENT", "REFUND"] and params["statuses"] == "SUCCESS"
    payment, refund = records
    assert (payment.kind, payment.provider_order_id, payment.amount) == (SettlementKind.PAYMENT, "pay_va_example",
                                                                        150_000)
    assert (refund.kind, refund.refund_key, refund.amount, refund.provider_order_id) == (
        SettlementKind.REFUND, "ref_example", 50_000, "")
    unconfigured = FakeXendit()
    assert gateway(unconfigured, key="").settlements(date(2026, 11, 28)) == [] and unconfigured.seen == []


def test_callbacks_are_read_into_events():
    gw = gateway(FakeXendit())
    paid = gw.parse_notification(headers=headers(), body=json.dumps(fixture("callback_payment_succeeded")).encode())
    assert (paid.kind, paid.amount, paid.provider_order_id) == (EventKind.PAID, 150_000, "pay_va_example")
    assert paid.provider_ref == "pr-5b1f0b4e-2c1d-4f7e-8f5e-0e2b6a9c1d31"
    failed = gw.parse_notification(headers=headers(), body=json.dumps(fixture("callback_payment_failed")).encode())
    assert (failed.kind, failed.provider_order_id) == (EventKind.FAILED, "pay_ew_example")
    expired = gw.parse_notification(headers=headers(),
                                    body=json.dumps(fixture("callback_payment_method_expired")).encode())
    assert (expired.kind, expired.amount, expired.event_key) == (EventKind.EXPIRED, 150_000,
                                                                 "xendit:pay_va_example|EXPIRED|150000")
    refund = gw.parse_notification(headers=headers(), body=json.dumps(fixture("callback_refund_succeeded")).encode())
    assert (refund.kind, refund.provider_order_id) == (EventKind.REFUNDED, "pay_ew_example")
    assert refund.raw["refunds"] == [{"refund_key": "ref_example",
                                      "refund_chargeback_id": "rfd-6f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9"}]
    assert len({paid.event_key, failed.event_key, expired.event_key, refund.event_key}) == 4
    body = fixture("callback_refund_succeeded")
    body["event"], body["data"]["status"], body["data"]["failure_code"] = "refund.failed", "FAILED", "REFUND_FAILED"
    refused = gw.parse_notification(headers=headers(), body=json.dumps(body).encode())
    assert refused.raw["refunds"] == [] and refused.event_key != refund.event_key  # confirms nothing
    assert refused.raw["refunds_failed"] == [{"refund_key": "ref_example", "error": "REFUND_FAILED",
                                              "refund_chargeback_id": "rfd-6f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9"}]


def test_an_expired_e_wallet_method_takes_the_amount_of_its_payment_request():
    fake = FakeXendit()
    gw = gateway(fake)
    gw.charge(charge("ewallet", "shopeepay"))
    event = gw.parse_notification(headers=headers(), body=json.dumps(fake.expired("pay_1")).encode())
    assert (event.kind, event.amount) == (EventKind.EXPIRED, 150_000)


@pytest.mark.parametrize("given", [None, "", "wrong-token", CALLBACK_TOKEN + " ", CALLBACK_TOKEN.upper()])
def test_a_missing_or_wrong_callback_token_is_refused(given):
    body = json.dumps(fixture("callback_payment_succeeded")).encode()
    with pytest.raises(NotAuthenticated):
        gateway(FakeXendit()).parse_notification(headers=headers(given), body=body)


def test_an_unconfigured_token_refuses_everything_and_the_header_name_is_case_blind():
    body = json.dumps(fixture("callback_payment_succeeded")).encode()
    unset = XenditGateway(secret_key=SECRET_KEY, callback_token="", base_url=BASE_URL, http_client=httpx.Client())
    with pytest.raises(NotAuthenticated):
        unset.parse_notification(headers={"x-callback-token": ""}, body=body)
    assert gateway(FakeXendit()).parse_notification(headers={"X-CALLBACK-TOKEN": CALLBACK_TOKEN}, body=body).amount


def _paid(**changes) -> bytes:
    body = fixture("callback_payment_succeeded")
    body["data"].update(changes)
    return json.dumps(body).encode()


@pytest.mark.parametrize("body", [b"", b"{", b"[1]", b'{"event": "payment.succeeded"}', b"\xff\xfe",
                                  _paid(amount=150000.5), _paid(amount="150000"), _paid(amount=True),
                                  _paid(amount=-1), _paid(reference_id=None), _paid(reference_id="x" * 51),
                                  _paid(status="FAILED")])
def test_malformed_callbacks(body):
    with pytest.raises(MalformedRequest):
        gateway(FakeXendit()).parse_notification(headers=headers(), body=body)


def test_query_parameters_are_written_as_xendit_reads_them():
    assert query_pairs([("created", {"gte": "a", "lte": None}), ("limit", 50.0), ("types", "PAYMENT")]) == [
        ("created[gte]", "a"), ("limit", "50"), ("types", "PAYMENT")]


def test_the_daily_reconciliation_asks_xendit_only_once_it_has_a_key(settings):
    from lapak.market.payments.gateways.registry import providers_configured

    settings.XENDIT_SECRET_KEY = ""
    assert providers_configured() == ("midtrans",)
    settings.XENDIT_SECRET_KEY = SECRET_KEY
    assert providers_configured() == ("midtrans", "xendit")
