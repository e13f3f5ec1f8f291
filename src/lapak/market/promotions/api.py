"""The promotions API under /api/v1/promotions/ (vouchers).

- `GET /vouchers/{code}/check?subtotal=…`: any signed-in buyer asks what a code takes off a subtotal (for a
  seller's voucher, that seller's part of the cart); 422 with a reason code when it does not apply.
- `/seller/{organisation_id}/vouchers…` (`SellerCaller`: signed in, not a regulator): a shop's own vouchers.
  Members read them; owners and managers create, change and delete (staff 403); outside the shop 404. Who may
  call each is listed in tests/test_api_matrix.py, which fails for an endpoint added without a row.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from lapak.core.schemas import ErrorOut, StrictSchema
from lapak.market.promotions import selectors, services
from lapak.market.promotions.models import Voucher
from lapak.market.sellers.api_common import SellerCaller
from lapak.market.sellers.selectors import organisation_for

router = Router(tags=["promotions"])
E = ErrorOut
READ_ERRORS = {401: E, 403: E, 404: E}
WRITE_ERRORS = {401: E, 403: E, 404: E, 409: E, 422: E}


class VoucherTermsPatchIn(StrictSchema):
    amount: int | None = Field(None, description="Fixed vouchers: rupiah off.")
    percent_bp: int | None = Field(None, description="Percentage vouchers: basis points off (1,000 = 10 %).")
    max_discount: int | None = Field(None, description="Percentage vouchers: the most taken off, in rupiah.")
    min_spend: int | None = None
    per_buyer_limit: int | None = None
    budget: int | None = Field(None, description="Rupiah the voucher may give away in all.")
    max_redemptions: int | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    active: bool | None = None


class VoucherIn(VoucherTermsPatchIn):
    code: str = Field(..., max_length=64, description="3 to 32 letters, digits or dashes; stored upper-case.")
    kind: str = Field(..., max_length=20, description="`fixed` or `percentage`.")
    valid_from: datetime
    valid_until: datetime
    active: bool = True


class VoucherOut(Schema):
    id: str
    code: str
    issuer: str
    seller: str | None
    kind: str
    amount: int
    percent_bp: int
    max_discount: int | None
    min_spend: int
    per_buyer_limit: int
    budget: int | None
    max_redemptions: int | None
    valid_from: datetime
    valid_until: datetime
    active: bool
    given: int = Field(..., description="Rupiah held or spent by redemptions so far.")
    uses: int
    created_at: datetime


class VoucherCheckOut(Schema):
    code: str
    issuer: str
    seller: str | None
    subtotal: int
    discount: int
    total: int


def _out(voucher: Voucher, seller_id: str | None) -> dict:
    usage = selectors.voucher_usage(voucher=voucher)
    fields = ("code", "kind", "amount", "percent_bp", "max_discount", "min_spend", "per_buyer_limit", "budget",
              "max_redemptions", "valid_from", "valid_until", "active", "created_at")
    return {"id": voucher.public_id, "issuer": voucher.issuer, "seller": seller_id, "given": usage.given,
            "uses": usage.uses, **{name: getattr(voucher, name) for name in fields}}


@router.get("/vouchers/{code}/check", response={200: VoucherCheckOut, 401: E, 404: E, 422: E},
            summary="What a voucher takes off a subtotal, for me, now",
            description="422 with a reason code when it does not apply: `voucher_inactive`, `voucher_not_started`, "
                        "`voucher_expired`, `voucher_per_buyer_limit`, `voucher_exhausted`, "
                        "`voucher_below_minimum_spend`, `voucher_nothing_to_discount`.")
def voucher_check(request: HttpRequest, code: str, subtotal: int) -> dict:
    voucher, quote = selectors.voucher_quote(code=code, buyer=request.auth, subtotal=subtotal)
    return {"code": voucher.code, "issuer": voucher.issuer,
            "seller": voucher.seller.public_id if voucher.seller is not None else None,
            "subtotal": quote.subtotal, "discount": quote.discount, "total": quote.total}


seller = Router(auth=SellerCaller(), tags=["promotions: seller vouchers"])
VOUCHERS = "/seller/{organisation_id}/vouchers"
VOUCHER = VOUCHERS + "/{voucher_id}"


@seller.get(VOUCHERS, response={200: list[VoucherOut], **READ_ERRORS}, summary="The shop's vouchers, newest first")
def voucher_list(request: HttpRequest, organisation_id: str) -> list[dict]:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    return [_out(v, shop.public_id) for v in selectors.vouchers_of_seller(seller=shop)[:200]]


@seller.post(VOUCHERS, response={201: VoucherOut, **WRITE_ERRORS}, summary="Issue a voucher (owner or manager)",
             description="Every term is checked and all problems reported at once, per field. A percentage is in "
                         "basis points (at most 10,000 = 100 %); amounts are whole rupiah.")
def voucher_create(request: HttpRequest, organisation_id: str, payload: VoucherIn) -> Status[dict]:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    data = {k: v for k, v in payload.model_dump().items() if v is not None}
    voucher = services.voucher_create(actor=request.auth, seller=shop, data=data)
    return Status(201, _out(voucher, shop.public_id))


@seller.get(VOUCHER, response={200: VoucherOut, **READ_ERRORS}, summary="One of the shop's vouchers")
def voucher_detail(request: HttpRequest, organisation_id: str, voucher_id: str) -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    return _out(selectors.voucher_of_seller(seller=shop, public_id=voucher_id), shop.public_id)


@seller.patch(VOUCHER, response={200: VoucherOut, **WRITE_ERRORS}, summary="Change a voucher's terms",
              description="Send only the terms to change; code and kind stay. A budget below what was already "
                          "given is 409 `voucher_budget_below_given`.")
def voucher_update(request: HttpRequest, organisation_id: str, voucher_id: str,
                   payload: VoucherTermsPatchIn) -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    voucher = selectors.voucher_of_seller(seller=shop, public_id=voucher_id)
    voucher = services.voucher_update(voucher=voucher, actor=request.auth,
                                      data=payload.model_dump(exclude_unset=True))
    return _out(voucher, shop.public_id)


@seller.delete(VOUCHER, response={204: None, **WRITE_ERRORS},
               summary="Delete a voucher no one has used (a used one: switch it off)")
def voucher_delete(request: HttpRequest, organisation_id: str, voucher_id: str) -> Status[None]:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    services.voucher_delete(voucher=selectors.voucher_of_seller(seller=shop, public_id=voucher_id),
                            actor=request.auth)
    return Status(204, None)


router.add_router("", seller)
