"""The creators' aggregates API under /api/v1/affiliates/ (issue 8, part 5): what a creator may know of the sales
their hand-offs brought — counts and sums, never a buyer or an order id (ID-SOC-2) — and the operators' read of
the hand-off log (the record of the cross-system flow).

- `GET /creator/summary?from=&to=`: the signed-in creator's own figures (creator role; anyone else 403).
- `GET /creator/statement?from=&to=` and `/creator/statement.csv`: their creator payable's postings.
- `GET /operator/clicks?creator=&product=`: the latest hand-off clicks (operators only).
Dates are whole days in Asia/Jakarta, `from` and `to` inclusive, at most 366 days (30 up to today by default).
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from lapak.compliance.access import is_operator
from lapak.core.errors import PermissionDenied, ValidationFailed
from lapak.core.schemas import ErrorOut
from lapak.market.affiliates.models_attribution import HandoffClick
from lapak.market.affiliates.selectors_creator import creator_period, creator_statement, creator_summary
from lapak.market.affiliates.statement_csv import creator_of, statement_csv

router = Router(tags=["affiliates"])
E = ErrorOut
READ_ERRORS = {401: E, 403: E, 422: E}
CLICKS_MAX = 200


class SourceOut(Schema):
    source: str = Field(..., description="`post`, `live` or `showcase`.")
    source_id: str
    clicks: int
    orders: int = Field(..., description="Paid seller orders with at least one line from this source.")
    units: int
    gross: int = Field(..., description="Attributed goods at the price paid per unit, whole rupiah.")
    commission_released: int
    commission_pending: int


class SummaryOut(Schema):
    creator: str
    start: date = Field(..., alias="from")
    end: date = Field(..., alias="to")
    clicks: int
    orders: int = Field(..., description="Paid seller orders (not awaiting payment, not cancelled) placed in the "
                                         "period with at least one line attributed to you.")
    lines: int
    units: int
    gross: int = Field(..., description="Gross attributed sales, whole rupiah.")
    earned: int = Field(..., description="Commission released to you in the period.")
    clawed_back: int = Field(..., description="Commission taken back by refunds in the period.")
    paid: int = Field(..., description="Commission paid out to you in the period.")
    pending: int = Field(..., description="Commission on paid sales not yet released (now, whatever the period).")
    balance: int = Field(..., description="Your creator payable now: released, not yet paid out.")
    sources: list[SourceOut]

    model_config = {"populate_by_name": True}


class StatementRowOut(Schema):
    at: datetime
    kind: str = Field(..., description="`earned`, `clawed_back`, `paid` or `adjustment`.")
    amount: int = Field(..., description="Whole rupiah; negative when money goes back or out.")
    sources: list[str] = Field(..., description="`source:source_id` of the attributed lines behind it.")


class StatementOut(Schema):
    start: date = Field(..., alias="from")
    end: date = Field(..., alias="to")
    rows: list[StatementRowOut]

    model_config = {"populate_by_name": True}


class ClickOut(Schema):
    id: str
    creator: str
    source: str
    source_id: str
    campaign: str
    product_id: str
    signed_in: bool = Field(..., description="Whether the visitor was signed in (who it was is not shown).")
    token_issued_at: datetime
    clicked_at: datetime
    expires_at: datetime


def _day(text: str, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(fields={name: [_("Enter a date as YYYY-MM-DD.")]}) from None


def _period(start: str, end: str) -> tuple[date, date]:
    try:
        return creator_period(start=_day(start, "from"), end=_day(end, "to"))
    except ValueError as exc:
        message = (_("The period may be at most 366 days.") if str(exc) == "too_long"
                   else _("The start must not be after the end."))
        raise ValidationFailed(fields={"from": [message]}) from exc


@router.get("/creator/summary", response={200: SummaryOut, **READ_ERRORS}, by_alias=True,
            summary="My creator figures")
def summary(request: HttpRequest, from_: str = Query("", alias="from", max_length=10),
            to: str = Query("", max_length=10)) -> dict:
    creator = creator_of(request.auth)
    first, last = _period(from_, to)
    figures = creator_summary(creator=creator, start=first, end=last)
    return {**{k: getattr(figures, k) for k in ("creator", "start", "end", "clicks", "orders", "lines", "units",
                                                 "gross", "earned", "clawed_back", "paid", "pending", "balance")},
            "sources": [vars(s) for s in figures.sources]}


@router.get("/creator/statement", response={200: StatementOut, **READ_ERRORS}, by_alias=True,
            summary="My creator statement")
def statement(request: HttpRequest, from_: str = Query("", alias="from", max_length=10),
              to: str = Query("", max_length=10)) -> dict:
    creator = creator_of(request.auth)
    first, last = _period(from_, to)
    rows = creator_statement(creator=creator, start=first, end=last)
    return {"start": first, "end": last, "rows": [{"at": r.at, "kind": r.kind, "amount": r.amount,
                                                   "sources": list(r.sources)} for r in rows]}


@router.get("/creator/statement.csv", response={200: None, **READ_ERRORS}, summary="My creator statement (CSV)")
def statement_download(request: HttpRequest, from_: str = Query("", alias="from", max_length=10),
                       to: str = Query("", max_length=10)) -> HttpResponse:
    creator = creator_of(request.auth)
    first, last = _period(from_, to)
    body = statement_csv(creator_statement(creator=creator, start=first, end=last))
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="lapak-creator-statement-{first}-{last}.csv"'
    return response


@router.get("/operator/clicks", response={200: list[ClickOut], 401: E, 403: E},
            summary="Hand-off clicks (operators)",
            description="The latest hand-off clicks, newest first (at most 200), by creator and/or product.")
def clicks(request: HttpRequest, creator: str = "", product: str = "") -> list[dict]:
    if not is_operator(request.auth):
        raise PermissionDenied()
    found = HandoffClick.objects.select_related("product").order_by("-clicked_at", "-pk")
    if creator:
        found = found.filter(creator=creator[:40])
    if product:
        found = found.filter(product__public_id=product[:40])
    return [{"id": c.public_id, "creator": c.creator, "source": c.source, "source_id": c.source_id,
             "campaign": c.campaign, "product_id": c.product.public_id, "signed_in": c.user_id is not None,
             "token_issued_at": c.token_issued_at, "clicked_at": c.clicked_at, "expires_at": c.expires_at}
            for c in found[:CLICKS_MAX]]
