"""The creator's payout account and payouts, under /api/v1/affiliates/me/ (a router of its own, added to
affiliates.api's router).

- `GET /me/payout-account`: the current account, number masked (404 when none); `PUT` sets a new one (creators
  only: 403 for other accounts), after which payouts wait 24 hours.
- `GET /me/payouts`: the creator's payouts, newest first, with what is owed and on its way.
Who may call each is listed in tests/test_creator_payouts_api_matrix.py.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from lapak.core.errors import NotFound
from lapak.core.schemas import ErrorOut, StrictSchema
from lapak.market.affiliates import selectors_payouts as selectors
from lapak.market.affiliates.models_payouts import CreatorPayoutAccount
from lapak.market.affiliates.services_payouts import creator_payout_account_set
from lapak.market.sellers.api_common import SellerCaller

E = ErrorOut
router = Router(auth=SellerCaller(), tags=["affiliates: creator payouts"])


class PayoutAccountIn(StrictSchema):
    bank_code: str = Field(..., max_length=20, description="The bank's code, e.g. BCA or 014.")
    account_number: str = Field(..., max_length=40, description="6 to 20 digits.")
    holder_name: str = Field(..., max_length=150, description="As the bank shows it.")


class PayoutAccountOut(Schema):
    id: str
    bank_code: str
    number_masked: str
    holder_name: str
    set_at: datetime
    payouts_held_until: datetime | None = Field(..., description="Payouts wait 24 hours after an account is set.")


class CreatorPayoutOut(Schema):
    id: str
    batch_date: date
    amount: int
    status: str
    hold_reasons: list[str]
    hold_messages: list[str]
    error: str
    created_at: datetime
    paid_at: datetime | None


class CreatorPayoutsOut(Schema):
    payable: int = Field(..., description="Rupiah owed to you and not yet sent.")
    in_transit: int = Field(..., description="Rupiah on their way to your bank.")
    payouts: list[CreatorPayoutOut]


def _account_out(account: CreatorPayoutAccount) -> dict:
    return {"id": account.public_id, "bank_code": account.bank_code, "number_masked": account.number_masked,
            "holder_name": account.holder_name, "set_at": account.created_at,
            "payouts_held_until": selectors.payout_account_hold_until(account)}


@router.get("/me/payout-account", response={200: PayoutAccountOut, 401: E, 403: E, 404: E},
            summary="My payout bank account (number masked)")
def payout_account_detail(request: HttpRequest) -> dict:
    account = selectors.payout_account_of(creator=request.auth)
    if account is None:
        raise NotFound(_("You have no payout account yet."), code="payout_account_not_found")
    return _account_out(account)


@router.put("/me/payout-account", response={200: PayoutAccountOut, 401: E, 403: E, 422: E},
            summary="Set my payout bank account (creators)",
            description="Replaces the current account (kept on record). Payouts wait 24 hours after a change.")
def payout_account_set(request: HttpRequest, payload: PayoutAccountIn) -> dict:
    return _account_out(creator_payout_account_set(actor=request.auth, **payload.model_dump()))


@router.get("/me/payouts", response={200: CreatorPayoutsOut, 401: E, 403: E}, summary="My payouts, newest first")
def payout_list(request: HttpRequest) -> dict:
    rows = selectors.creator_payouts_of(creator=request.auth)[:200]
    payouts = [{"id": p.public_id, "batch_date": p.batch_date, "amount": p.amount, "status": p.status,
                "hold_reasons": p.hold_reasons, "hold_messages": p.hold_messages(), "error": p.error,
                "created_at": p.created_at, "paid_at": p.paid_at} for p in rows]
    return {**selectors.creator_balances(creator=request.auth), "payouts": payouts}
