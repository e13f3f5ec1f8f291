"""The gateway's payout status callbacks, as an API router (to be mounted at /api/v1/payouts/ next to the
payments router): no token, the signature decides (services/payouts_callbacks.py). The shop's read-only money
API (`/seller/{organisation_id}/…`, bearer token) is api_seller_money.py, added to this router below."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from lapak.core.schemas import ErrorOut
from lapak.market.payments.api import webhook_body
from lapak.market.payments.api_seller_money import router as seller_money
from lapak.market.payments.gateways.registry import MIDTRANS
from lapak.market.payments.services.payouts_callbacks import payout_callback_receive
from lapak.market.payments.services.xendit_payouts import xendit_payout_callback_receive

router = Router(tags=["payouts"])
E = ErrorOut


class CallbackOut(Schema):
    outcome: str


@router.post("/webhooks/midtrans", response={200: CallbackOut, 400: E, 401: E, 404: E, 413: E}, auth=None,
             summary="Payout status callbacks from Midtrans Iris",
             description="Signed with SHA512(reference_no + status + amount + server key). A reference Lapak has "
                         "not recorded yet answers 404, so the gateway sends it again.")
def midtrans_payout_webhook(request: HttpRequest) -> dict:
    body = webhook_body(request)
    return {"outcome": payout_callback_receive(provider=MIDTRANS, body=body)}


@router.post("/webhooks/xendit", response={200: CallbackOut, 400: E, 401: E, 404: E, 413: E, 502: E}, auth=None,
             summary="Payout status callbacks from Xendit",
             description="Authenticated by the x-callback-token header; the payout's status is then read from "
                         "Xendit. A payout Lapak has not recorded yet answers 404, so Xendit sends it again.")
def xendit_payout_webhook(request: HttpRequest) -> dict:
    body = webhook_body(request)
    return {"outcome": xendit_payout_callback_receive(headers=request.headers, body=body)}


# The seller centre's money page as a read-only API, under the same prefix (api_seller_money.py).
router.add_router("", seller_money)
