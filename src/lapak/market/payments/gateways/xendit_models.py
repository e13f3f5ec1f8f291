"""Lapak's requests as the Xendit SDK's own models (`xendit-python` 7.0.0), and its transaction list as settlement
records. The SDK checks every field's type and enum as the models are built, so a body it would not send fails
here, before anything reaches the network."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from xendit.balance_and_transaction.model.currency import Currency
from xendit.balance_and_transaction.model.date_range_filter import DateRangeFilter
from xendit.balance_and_transaction.model.transaction_statuses import TransactionStatuses
from xendit.balance_and_transaction.model.transaction_types import TransactionTypes
from xendit.payment_request.model.card_channel_properties import CardChannelProperties
from xendit.payment_request.model.card_parameters import CardParameters
from xendit.payment_request.model.e_wallet_channel_code import EWalletChannelCode
from xendit.payment_request.model.e_wallet_channel_properties import EWalletChannelProperties
from xendit.payment_request.model.e_wallet_parameters import EWalletParameters
from xendit.payment_request.model.payment_method_parameters import PaymentMethodParameters
from xendit.payment_request.model.payment_method_reusability import PaymentMethodReusability
from xendit.payment_request.model.payment_method_type import PaymentMethodType
from xendit.payment_request.model.payment_request_capture_method import PaymentRequestCaptureMethod
from xendit.payment_request.model.payment_request_country import PaymentRequestCountry
from xendit.payment_request.model.payment_request_currency import PaymentRequestCurrency
from xendit.payment_request.model.payment_request_parameters import PaymentRequestParameters
from xendit.payment_request.model.qr_code_channel_code import QRCodeChannelCode
from xendit.payment_request.model.qr_code_channel_properties import QRCodeChannelProperties
from xendit.payment_request.model.qr_code_parameters import QRCodeParameters
from xendit.payment_request.model.virtual_account_channel_code import VirtualAccountChannelCode
from xendit.payment_request.model.virtual_account_channel_properties import VirtualAccountChannelProperties
from xendit.payment_request.model.virtual_account_parameters import VirtualAccountParameters
from xendit.payout.model.create_payout_request import CreatePayoutRequest
from xendit.payout.model.digital_payout_channel_properties import DigitalPayoutChannelProperties
from xendit.refund.model.create_refund import CreateRefund

from lapak.core.errors import MalformedRequest
from lapak.market.payments.gateways.base import GatewayUnavailable, SettlementKind, SettlementRecord
from lapak.market.payments.gateways.iris import DisbursementOrder
from lapak.market.payments.gateways.xendit_events import parse_amount

VA_CHANNELS = {"bca": "BCA", "bni": "BNI", "bri": "BRI", "mandiri": "MANDIRI", "permata": "PERMATA", "cimb": "CIMB"}
WALLET_CHANNELS = {"shopeepay": "SHOPEEPAY"}  # Xendit offers no GoPay channel
_BANK_CODE = re.compile(r"[A-Z0-9_]{2,30}")
_ONE_TIME = "ONE_TIME_USE"


def payment_method(method: str, channel: str, *, reference_id: str, customer_name: str, expires_at: datetime,
                   return_url: str) -> PaymentMethodParameters | None:
    """The inline, single-use payment method of a payment request; None for a method or channel Xendit lacks.
    Its reference_id is ours too, so the method's own callbacks (expiry) name the intent."""
    common = {"reusability": PaymentMethodReusability(_ONE_TIME), "reference_id": reference_id}
    returns = {"success_return_url": return_url, "failure_return_url": return_url} if return_url else {}
    if method == "qris" and not channel:
        return PaymentMethodParameters(type=PaymentMethodType("QR_CODE"), **common, qr_code=QRCodeParameters(
            channel_code=QRCodeChannelCode("QRIS"), channel_properties=QRCodeChannelProperties(expires_at=expires_at)))
    if method == "va" and channel in VA_CHANNELS:
        properties = VirtualAccountChannelProperties(customer_name=customer_name[:100], expires_at=expires_at)
        return PaymentMethodParameters(type=PaymentMethodType("VIRTUAL_ACCOUNT"), **common,
                                       virtual_account=VirtualAccountParameters(
                                           channel_code=VirtualAccountChannelCode(VA_CHANNELS[channel]),
                                           channel_properties=properties))
    if method == "ewallet" and channel in WALLET_CHANNELS:
        return PaymentMethodParameters(type=PaymentMethodType("EWALLET"), **common, ewallet=EWalletParameters(
            channel_code=EWalletChannelCode(WALLET_CHANNELS[channel]),
            channel_properties=EWalletChannelProperties(**returns)))
    if method == "card" and not channel:
        return PaymentMethodParameters(type=PaymentMethodType("CARD"), **common, card=CardParameters(
            channel_properties=CardChannelProperties(skip_three_d_secure=False, expires_at=expires_at, **returns)))
    return None


def payment_request(*, reference_id: str, amount: int, method: PaymentMethodParameters,
                    description: str) -> PaymentRequestParameters:
    return PaymentRequestParameters(reference_id=reference_id, amount=float(amount), description=description,
                                    currency=PaymentRequestCurrency("IDR"), country=PaymentRequestCountry("ID"),
                                    capture_method=PaymentRequestCaptureMethod("AUTOMATIC"), payment_method=method)


def refund(*, payment_request_id: str, key: str, amount: int, metadata: dict[str, str]) -> CreateRefund:
    return CreateRefund(payment_request_id=payment_request_id, reference_id=key, amount=float(amount),
                        currency="IDR", reason="OTHERS", metadata=metadata)


def payout(order: DisbursementOrder) -> CreatePayoutRequest | None:
    """A bank payout: Xendit names Indonesian banks ID_<BANK> (ID_BCA, ID_MANDIRI...); None for a code that
    cannot be one."""
    bank = order.bank_code.strip().upper()
    if not _BANK_CODE.fullmatch(bank):
        return None
    properties = DigitalPayoutChannelProperties(account_number=order.account_number,
                                                account_holder_name=order.holder_name[:100])
    return CreatePayoutRequest(reference_id=order.key, channel_code=bank if bank.startswith("ID_") else f"ID_{bank}",
                               channel_properties=properties, amount=float(order.amount), currency="IDR",
                               description=(order.notes or order.key)[:100])


def date_range(gte: datetime, lte: datetime) -> DateRangeFilter:
    return DateRangeFilter(gte=gte, lte=lte)


def transaction_filter(window: DateRangeFilter, after: str | None) -> dict[str, Any]:
    """The transaction list's filter: the day's successful IDR payments and refunds, 50 a page."""
    kwargs: dict[str, Any] = {"types": [TransactionTypes("PAYMENT"), TransactionTypes("REFUND")],
                              "statuses": [TransactionStatuses("SUCCESS")], "currency": Currency("IDR"),
                              "created": window, "limit": 50.0}
    if after:
        kwargs["after_id"] = after
    return kwargs


def _plain(value: Any) -> Any:
    """An enum the SDK's composed models hand back as {"value": ...} (a transaction's type), as its value."""
    return value.get("value") if isinstance(value, dict) and set(value) == {"value"} else value


def is_settlement(transaction: dict) -> bool:
    return _plain(transaction.get("type")) in ("PAYMENT", "REFUND") and _plain(transaction.get("status")) == "SUCCESS"


def settlement_record(transaction: dict) -> SettlementRecord:
    """One transaction as a settlement record: a payment's reference_id is our order id, a refund's is our refund
    key (both set by Lapak when it made them). GatewayUnavailable for a transaction we cannot read."""
    try:
        refund = _plain(transaction["type"]) == "REFUND"
        reference = str(transaction["reference_id"])
        created, raw = transaction.get("created"), transaction["amount"]
        raw = -raw if isinstance(raw, int | float) and not isinstance(raw, bool) and raw < 0 else raw
        return SettlementRecord(provider_order_id="" if refund else reference, transaction_id=str(transaction["id"]),
                                kind=SettlementKind.REFUND if refund else SettlementKind.PAYMENT,
                                amount=parse_amount(raw),
                                settled_at=created if isinstance(created, datetime) else None,
                                refund_key=reference if refund else "")
    except (KeyError, TypeError, MalformedRequest) as exc:
        raise GatewayUnavailable() from exc
