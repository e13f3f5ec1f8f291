"""The QRIS payload (EMVCo merchant-presented mode, built by `qriskit`) and its PNG rendering (`segno`)."""

from __future__ import annotations

import io

import qriskit
import segno
from qriskit import MerchantAccount

MERCHANT_NAME = "LAPAK SANDBOX"
MERCHANT_CITY = "JAKARTA"
# 5399: miscellaneous general merchandise, the usual category of a marketplace.
MCC = "5399"


def qris_payload(*, amount: int, reference: str) -> str:
    """A dynamic QRIS carrying `amount` in tag 54 and a valid CRC-16/CCITT-FALSE in tag 63.

    The reference (tag 62.05) ties the code to one transaction; it is cut to the 25 characters QRIS allows.
    """
    accounts = [
        MerchantAccount.create(
            tag="26", guid="ID.CO.LAPAK.WWW", pan="936000000000000001", merchant_id="LAPAKSANDBOX01", criteria="UMI"
        ),
        MerchantAccount.national(nmid="ID1026000000001", criteria="UMI"),
    ]
    code = qriskit.build(
        merchant_name=MERCHANT_NAME,
        merchant_city=MERCHANT_CITY,
        mcc=MCC,
        postal_code="10110",
        accounts=accounts,
        amount=amount,
        additional_data={"05": reference.replace("-", "")[:25]},
    )
    return code.dumps()


def qr_png(payload: str, *, scale: int = 6) -> bytes:
    """The payload as a PNG QR code (error correction M, as payment QR codes commonly use)."""
    buffer = io.BytesIO()
    segno.make_qr(payload, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
