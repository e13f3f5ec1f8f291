"""/api/v1/payments/: paying an order, and the gateways' notifications (ADR 0010).

- Buyers (bearer token): `POST /orders/{order_id}/intents` {method, bank} chooses how to pay their order
  awaiting payment (201 with the instructions; the previous live intent is cancelled; an `Idempotency-Key`
  replays the first answer); `GET /orders/{order_id}/intents/current`. Another buyer's order is 404.
- Buyers: `GET /orders/{order_id}/refunds` (each refund's amount and status); `POST /refunds/{refund_id}/bank-account`
  {bank_code, account_number, holder_name} for a refund that waits for one (another buyer's refund: 404).
- Gateways: `POST /webhooks/midtrans` takes no token: the notification's own SHA-512 signature authenticates
  it (forged or missing: 401, unreadable: 400, both stored). A replay or an unknown order answers 200 so the
  gateway stops retrying; what happened is in the inbox. Exempt from Idempotency-Key (the event key is one).
  `POST /webhooks/xendit` likewise, authenticated by its `x-callback-token` header (Xendit's verification token).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from lapak.core.errors import NotFound, PayloadTooLarge
from lapak.core.schemas import ErrorOut, StrictSchema
from lapak.market.orders.models import RefundRequest, RefundStatus
from lapak.market.orders.selectors import order_of_buyer
from lapak.market.payments.gateways.registry import MIDTRANS, XENDIT, sandbox_pay_url
from lapak.market.payments.models import PaymentIntent
from lapak.market.payments.selectors import intent_current, refund_of_buyer, refunds_of_order
from lapak.market.payments.services import payment_intent_create, payment_notification_receive
from lapak.market.payments.services.refunds_bank import refund_bank_account_give

router = Router(tags=["payments"])
E = ErrorOut


class IntentIn(StrictSchema):
    method: str
    bank: str | None = None


class IntentOut(Schema):
    id: str
    order_id: str
    method: str
    bank: str
    amount: int
    currency: str = "IDR"
    status: str
    gateway: str
    gateway_order_id: str
    expires_at: datetime | None
    qr_string: str
    va_number: str
    bill_key: str
    biller_code: str
    redirect_url: str
    sandbox_pay_url: str
    created_at: datetime
    paid_at: datetime | None


class NotificationOut(Schema):
    outcome: str


def intent_out(intent: PaymentIntent) -> dict:
    return {"id": intent.public_id, "order_id": intent.order.public_id, "method": intent.method,
            "bank": intent.channel, "amount": intent.amount, "status": intent.status, "gateway": intent.provider,
            "gateway_order_id": intent.provider_order_id, "expires_at": intent.expires_at,
            "qr_string": intent.qr_string, "va_number": intent.va_number, "bill_key": intent.bill_key,
            "biller_code": intent.biller_code, "redirect_url": intent.redirect_url,
            "sandbox_pay_url": sandbox_pay_url(intent.provider_order_id, intent.provider)
            if intent.provider and intent.is_live else "", "created_at": intent.created_at, "paid_at": intent.paid_at}


@router.post("/orders/{order_id}/intents", response={201: IntentOut, 400: E, 401: E, 404: E, 409: E, 422: E, 502: E},
             summary="Choose how to pay my order",
             description="QRIS, a bank virtual account (bank: bca, bni, bri, cimb, permata, mandiri), an e-wallet "
                         "(bank: gopay, shopeepay), a card or cash on delivery. Cancels the previous way chosen. "
                         "Not awaiting payment: 409; the gateway failing: 502.")
def intent_create(request: HttpRequest, order_id: str, payload: IntentIn) -> Status:
    order = order_of_buyer(buyer=request.auth, public_id=order_id)
    intent = payment_intent_create(order=order, buyer=request.auth, method=payload.method, bank=payload.bank)
    return Status(201, intent_out(intent))


@router.get("/orders/{order_id}/intents/current", response={200: IntentOut, 401: E, 404: E},
            summary="How my order is being paid",
            description="The live payment intent, else the latest; 404 before a method was chosen.")
def intent_current_get(request: HttpRequest, order_id: str) -> dict:
    order = order_of_buyer(buyer=request.auth, public_id=order_id)
    intent = intent_current(order=order)
    if intent is None:
        raise NotFound(_("No payment method was chosen for this order yet."), code="payment_intent_not_found")
    return intent_out(intent)


@router.post("/webhooks/midtrans", response={200: NotificationOut, 400: E, 401: E, 413: E}, auth=None,
             summary="Payment notifications from Midtrans",
             description="Signed with SHA512(order_id + status_code + gross_amount + server key). Stored before "
                         "processing; processed once per event.")
def midtrans_webhook(request: HttpRequest) -> dict:
    row = payment_notification_receive(provider=MIDTRANS, headers=request.headers, body=webhook_body(request))
    return {"outcome": row.outcome}


@router.post("/webhooks/xendit", response={200: NotificationOut, 400: E, 401: E, 413: E, 502: E}, auth=None,
             summary="Payment and refund callbacks from Xendit",
             description="Authenticated by the x-callback-token header (the verification token of Xendit's "
                         "dashboard), then confirmed by asking Xendit (502 while it cannot be asked: it retries). "
                         "Stored before processing; processed once per event.")
def xendit_webhook(request: HttpRequest) -> dict:
    row = payment_notification_receive(provider=XENDIT, headers=request.headers, body=webhook_body(request))
    return {"outcome": row.outcome}


def webhook_body(request: HttpRequest) -> bytes:
    """A gateway callback's raw body (payments and payouts alike); 413 above PAYMENTS_WEBHOOK_MAX_BYTES."""
    try:
        body = request.body
    except RequestDataTooBig as exc:
        raise PayloadTooLarge() from exc
    if len(body) > getattr(settings, "PAYMENTS_WEBHOOK_MAX_BYTES", 64 * 1024):
        raise PayloadTooLarge()
    return body


# --- Refunds (issue 6, part 7): the buyer sees each refund of an order; a refund that cannot go back the way
# it was paid (virtual account, cash on delivery) waits for the buyer's bank account.

class BankAccountIn(StrictSchema):
    bank_code: str
    account_number: str
    holder_name: str


class BankAccountOut(Schema):
    bank_code: str
    number: str  # masked
    holder_name: str


class RefundOut(Schema):
    id: str
    order_id: str
    seller_order_id: str | None
    return_id: str | None
    amount: int
    currency: str = "IDR"
    status: str
    route: str
    needs_bank_account: bool
    bank_account: BankAccountOut | None
    requested_at: datetime
    due_at: datetime
    paid_at: datetime | None


def refund_out(refund: RefundRequest) -> dict:
    bank = getattr(refund, "bank_refund", None)
    return {"id": refund.public_id, "order_id": refund.order.public_id,
            "seller_order_id": refund.seller_order.public_id if refund.seller_order_id else None,
            "return_id": refund.return_request.public_id if refund.return_request_id else None,
            "amount": refund.amount, "status": refund.status, "route": refund.route,
            "needs_bank_account": refund.status == RefundStatus.AWAITING_BANK_ACCOUNT,
            "bank_account": {"bank_code": bank.bank_code, "number": bank.number_masked,
                             "holder_name": bank.holder_name} if bank else None,
            "requested_at": refund.requested_at, "due_at": refund.due_at, "paid_at": refund.paid_at}


@router.get("/orders/{order_id}/refunds", response={200: list[RefundOut], 401: E, 404: E},
            summary="The refunds of my order",
            description="Each refund with its amount and status: requested, executing, paid, failed (retried "
                        "automatically) or awaiting_bank_account.")
def refunds_list(request: HttpRequest, order_id: str) -> list[dict]:
    order = order_of_buyer(buyer=request.auth, public_id=order_id)
    return [refund_out(refund) for refund in refunds_of_order(order=order)]


@router.post("/refunds/{refund_id}/bank-account", response={200: RefundOut, 401: E, 404: E, 409: E, 422: E},
             summary="Where my refund goes (bank transfer)",
             description="For a refund that cannot go back the way it was paid. The number is stored encrypted "
                         "and shown masked. Another buyer's refund: 404; a refund paid or going back through "
                         "the gateway: 409.")
def refund_bank_account_set(request: HttpRequest, refund_id: str, payload: BankAccountIn) -> dict:
    refund = refund_of_buyer(buyer=request.auth, public_id=refund_id)
    if refund is None:
        raise NotFound(_("There is no such refund."), code="refund_not_found")
    refund_bank_account_give(refund_request=refund, buyer=request.auth, bank_code=payload.bank_code,
                             account_number=payload.account_number, holder_name=payload.holder_name)
    return refund_out(refund_of_buyer(buyer=request.auth, public_id=refund_id))
