"""The seller centre's money page as a read-only API (mounted in api_payouts.py, so under /api/v1/payouts/):
`GET /seller/{organisation_id}/balance`, `…/releases`, `…/payouts` (newest first, limit/offset pages) and
`…/statement?from=&to=` (the rows and period figures of the CSV/PDF statement).

Access is the page's: every member of the shop reads (owner, manager, staff); anyone else — another shop, a
buyer, an operator — gets 404 as if the shop did not exist (`organisation_for`); no token 401. A regulator is
403, as on the page (`seller_page`) and the rest of the seller API (`SellerCaller`).
The readers are the page's selectors; a bad statement range is the page's `statement_range` refusal, as a 422
naming the field, and the statement keeps the PDF's row cap (beyond it: a shorter period)."""

from __future__ import annotations

from datetime import date, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router

from lapak.core.errors import ValidationFailed
from lapak.core.schemas import ErrorOut
from lapak.market.payments.api_seller_money_schemas import (
    BalanceOut,
    PayoutOut,
    ReleaseOut,
    StatementOut,
    payout_out,
    reasons_out,
    release_out,
    row_out,
    summary_out,
)
from lapak.market.payments.selectors_payouts import (
    owed_to_lapak,
    payouts_in_transit_of,
    payouts_of,
    statement_count,
    statement_rows,
    statement_summary,
)
from lapak.market.payments.selectors_release import releases_of, seller_balances
from lapak.market.payments.services.payouts import payout_hold_reasons, payout_minimum
from lapak.market.payments.views_payouts import MAX_PDF_ROWS, BadRange, statement_range
from lapak.market.sellers.api_common import PageQuery, SellerCaller, page_of, paginate
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.selectors import organisation_for

router = Router(auth=SellerCaller(), tags=["payouts: seller money"])
E = ErrorOut
READ_ERRORS = {401: E, 403: E, 404: E}
SHOP = "/seller/{organisation_id}"


def _shop(request: HttpRequest, organisation_id: str) -> SellerOrganisation:
    return organisation_for(user=request.auth, public_id=organisation_id)


@router.get(SHOP + "/balance", response={200: BalanceOut, **READ_ERRORS},
            summary="The shop's money now: payable, owed to Lapak, in transit, held in escrow, payout hold")
def seller_balance(request: HttpRequest, organisation_id: str) -> dict:
    shop = _shop(request, organisation_id)
    balances = seller_balances(shop)
    reasons = payout_hold_reasons(shop, now=timezone.now())
    return {"payable": balances["payable"], "owed_to_lapak": owed_to_lapak(shop),
            "in_transit": payouts_in_transit_of(shop), "pending_escrow": balances["pending_escrow"],
            "payout_minimum": payout_minimum(), "payouts_on_hold": bool(reasons),
            "payout_hold_reasons": reasons_out(reasons)}


@router.get(SHOP + "/releases", response={200: page_of(ReleaseOut), **READ_ERRORS, 422: E},
            summary="The shop's escrow releases with their split, newest first")
def seller_releases(request: HttpRequest, organisation_id: str, page: Query[PageQuery]) -> dict:
    return paginate(releases_of(_shop(request, organisation_id)), page, release_out)


@router.get(SHOP + "/payouts", response={200: page_of(PayoutOut), **READ_ERRORS, 422: E},
            summary="The shop's payouts with why one is held, newest first")
def seller_payouts(request: HttpRequest, organisation_id: str, page: Query[PageQuery]) -> dict:
    return paginate(payouts_of(_shop(request, organisation_id)), page, payout_out)


def _bad_field(params: dict[str, str]) -> str:
    """Which of `from`/`to` a BadRange is about, so the 422 names it (the page shows one message for both)."""
    values = {}
    for name in ("from", "to"):
        try:
            values[name] = date.fromisoformat(params[name]) if params[name] else None
        except ValueError:
            return name
    today = timezone.localdate()
    if values["to"] and values["to"] > today + timedelta(days=366):
        return "to"
    if values["from"] is None:  # the default start (`to` less 30 days) fell before 2020: `to` is the cause
        return "to"
    return "from"


def statement_period(params: dict[str, str]) -> tuple[date, date]:
    """statement_range's (start, end), its refusals as ValidationFailed naming the field."""
    try:
        return statement_range(params)
    except BadRange as exc:
        raise ValidationFailed(fields={_bad_field(params): [str(exc)]}) from None


@router.get(SHOP + "/statement", response={200: StatementOut, **READ_ERRORS, 422: E},
            summary="The statement of the shop's balance and what it owes Lapak for a period",
            description="`from` and `to` are days (YYYY-MM-DD, both included; default the last 30 days), at "
                        f"most a year apart, from 2020 to next year, and at most {MAX_PDF_ROWS} rows "
                        "(the PDF's cap): otherwise 422 naming the field.")
def seller_statement(request: HttpRequest, organisation_id: str, from_: str = Query("", alias="from", max_length=10),
                     to: str = Query("", max_length=10)) -> dict:
    shop = _shop(request, organisation_id)
    start, end = statement_period({"from": from_, "to": to})
    if statement_count(shop, start=start, end=end) > MAX_PDF_ROWS:
        message = _("This period has more than %(n)d postings: choose a shorter one.") % {"n": MAX_PDF_ROWS}
        raise ValidationFailed(fields={"from": [message]})
    return {"organisation": shop.public_id, "start": start, "end": end,
            "summary": summary_out(statement_summary(shop, start=start, end=end)),
            "rows": [row_out(row) for row in statement_rows(shop, start=start, end=end)]}
