"""The affiliates API under /api/v1/affiliates/ (the marketplace's side of the affiliate programme).

- `GET /products/{product_id}/offer` (anyone): a product's open commission rate, so social can show "earn X %";
  404 when the product has no switched-on offer.
- `/seller/{organisation_id}/offers…`, `/seller/{organisation_id}/invites…` (`SellerCaller`: signed in, not a
  regulator): a shop's open offers and invitations. Members read; owners and managers write (staff 403);
  outside the shop 404.
- `/me/invites…`: the invitations sent to the signed-in creator, who accepts or declines (anyone else's: 404).
- `/me/payout-account`, `/me/payouts`: the creator's payout account and payouts (api_payouts.py).
Rates are in basis points (100 = 1 %). Who may call each operation is listed in tests/test_offers_api_matrix.py,
which fails for an endpoint added without a row.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from lapak.core.schemas import ErrorOut, StrictSchema
from lapak.market.affiliates import selectors_offers as selectors
from lapak.market.affiliates import services_invites, services_offers
from lapak.market.affiliates.api_payouts import router as payouts_router
from lapak.market.affiliates.models import AffiliateInvite, AffiliateOffer
from lapak.market.sellers.api_common import SellerCaller
from lapak.market.sellers.selectors import organisation_for

router = Router(tags=["affiliates"])
E = ErrorOut
READ_ERRORS = {401: E, 403: E, 404: E}
WRITE_ERRORS = {401: E, 403: E, 404: E, 409: E, 422: E}
RATE = Field(..., description="Commission in basis points of the goods' price: 100 (1 %) to 5,000 (50 %).")


class OfferIn(StrictSchema):
    rate_bps: int = RATE
    active: bool = Field(True, description="False keeps the offer but closes it to creators.")


class OfferPatchIn(StrictSchema):
    rate_bps: int | None = Field(None, description="The new rate in basis points.")
    active: bool | None = Field(None, description="Switch the offer on or off.")


class OfferOut(Schema):
    id: str
    product_id: str
    product_title: str
    rate_bps: int
    active: bool
    updated_at: datetime


class PublicOfferOut(Schema):
    product_id: str
    rate_bps: int = Field(..., description="What any creator earns on a sale, in basis points.")


class InviteIn(StrictSchema):
    product_id: str = Field(..., max_length=40)
    creator: str = Field(..., max_length=254, description="The creator's account id (`usr_…`) or e-mail address.")
    rate_bps: int = Field(..., description="Basis points, above the product's open rate.")
    message: str = Field("", max_length=500)


class InviteOut(Schema):
    id: str
    seller_id: str
    shop_name: str
    product_id: str
    product_title: str
    creator: str
    rate_bps: int
    message: str
    status: str
    created_at: datetime
    responded_at: datetime | None


def _offer_out(offer: AffiliateOffer) -> dict:
    return {"id": offer.public_id, "product_id": offer.product.public_id, "product_title": offer.product.title,
            "rate_bps": offer.rate_bps, "active": offer.active, "updated_at": offer.updated_at}


def _invite_out(invite: AffiliateInvite) -> dict:
    return {"id": invite.public_id, "seller_id": invite.seller.public_id, "shop_name": invite.seller.shop_name,
            "product_id": invite.product.public_id, "product_title": invite.product.title,
            "creator": invite.creator, "rate_bps": invite.rate_bps, "message": invite.message,
            "status": invite.status, "created_at": invite.created_at, "responded_at": invite.responded_at}


@router.get("/products/{product_id}/offer", auth=None, response={200: PublicOfferOut, 404: E},
            summary="A product's open commission rate")
def offer_public(request: HttpRequest, product_id: str) -> dict:
    offer = selectors.open_offer_public(product_id=product_id)
    return {"product_id": offer.product.public_id, "rate_bps": offer.rate_bps}


seller = Router(auth=SellerCaller(), tags=["affiliates: shop"])
OFFERS = "/seller/{organisation_id}/offers"
OFFER = OFFERS + "/{product_id}"
INVITES = "/seller/{organisation_id}/invites"
INVITE = INVITES + "/{invite_id}"


@seller.get(OFFERS, response={200: list[OfferOut], **READ_ERRORS}, summary="The shop's offers")
def offer_list(request: HttpRequest, organisation_id: str) -> list[dict]:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    return [_offer_out(o) for o in selectors.offers_of_seller(seller=shop)[:500]]


@seller.get(OFFER, response={200: OfferOut, **READ_ERRORS}, summary="The offer on one of the shop's products")
def offer_detail(request: HttpRequest, organisation_id: str, product_id: str) -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    return _offer_out(selectors.offer_of_product(seller=shop, product_id=product_id))


@seller.put(OFFER, response={200: OfferOut, **WRITE_ERRORS}, summary="Set a product's open rate (owner or manager)",
            description="Creates the offer or changes it. Only the shop's own products on sale; 1 % to 50 %.")
def offer_set(request: HttpRequest, organisation_id: str, product_id: str, payload: OfferIn) -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    product = selectors.product_of_seller(seller=shop, product_id=product_id)
    return _offer_out(services_offers.offer_set(actor=request.auth, seller=shop, product=product,
                                                rate_bps=payload.rate_bps, active=payload.active))


@seller.patch(OFFER, response={200: OfferOut, **WRITE_ERRORS}, summary="Change the rate or switch an offer on/off")
def offer_update(request: HttpRequest, organisation_id: str, product_id: str, payload: OfferPatchIn) -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    offer = selectors.offer_of_product(seller=shop, product_id=product_id)
    return _offer_out(services_offers.offer_update(actor=request.auth, offer=offer, rate_bps=payload.rate_bps,
                                                   active=payload.active))


@seller.get(INVITES, response={200: list[InviteOut], **READ_ERRORS}, summary="The shop's invitations, newest first")
def invite_list(request: HttpRequest, organisation_id: str, status: str | None = None) -> list[dict]:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    return [_invite_out(i) for i in selectors.invites_of_seller(seller=shop, status=status)[:500]]


@seller.post(INVITES, response={201: InviteOut, **WRITE_ERRORS}, summary="Invite a creator (owner or manager)",
             description="The creator is named by account id or e-mail. The rate must be above the product's open "
                         "rate. A second open invitation for the same product and creator is 409 "
                         "`affiliate_invite_exists`.")
def invite_send(request: HttpRequest, organisation_id: str, payload: InviteIn) -> Status[dict]:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    product = selectors.product_of_seller(seller=shop, product_id=payload.product_id)
    invite = services_invites.invite_send(actor=request.auth, seller=shop, product=product, creator=payload.creator,
                                          rate_bps=payload.rate_bps, message=payload.message)
    return Status(201, _invite_out(invite))


@seller.get(INVITE, response={200: InviteOut, **READ_ERRORS}, summary="One of the shop's invitations")
def invite_detail(request: HttpRequest, organisation_id: str, invite_id: str) -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    return _invite_out(selectors.invite_of_seller(seller=shop, public_id=invite_id))


@seller.post(INVITE + "/withdraw", response={200: InviteOut, **WRITE_ERRORS},
             summary="Withdraw a pending or accepted invitation (owner or manager)")
def invite_withdraw(request: HttpRequest, organisation_id: str, invite_id: str) -> dict:
    shop = organisation_for(user=request.auth, public_id=organisation_id)
    invite = selectors.invite_of_seller(seller=shop, public_id=invite_id)
    return _invite_out(services_invites.invite_withdraw(actor=request.auth, invite=invite))


mine = Router(auth=SellerCaller(), tags=["affiliates: creator"])
MY_INVITE = "/me/invites/{invite_id}"


@mine.get("/me/invites", response={200: list[InviteOut], 401: E, 403: E}, summary="Invitations sent to me")
def my_invite_list(request: HttpRequest, status: str | None = None) -> list[dict]:
    return [_invite_out(i) for i in selectors.invites_of_creator(creator=request.auth, status=status)[:500]]


@mine.get(MY_INVITE, response={200: InviteOut, **READ_ERRORS}, summary="One invitation sent to me")
def my_invite_detail(request: HttpRequest, invite_id: str) -> dict:
    return _invite_out(selectors.invite_of_creator(creator=request.auth, public_id=invite_id))


@mine.post(MY_INVITE + "/accept", response={200: InviteOut, **WRITE_ERRORS}, summary="Accept an invitation")
def my_invite_accept(request: HttpRequest, invite_id: str) -> dict:
    invite = selectors.invite_of_creator(creator=request.auth, public_id=invite_id)
    return _invite_out(services_invites.invite_accept(actor=request.auth, invite=invite))


@mine.post(MY_INVITE + "/decline", response={200: InviteOut, **WRITE_ERRORS}, summary="Decline an invitation")
def my_invite_decline(request: HttpRequest, invite_id: str) -> dict:
    invite = selectors.invite_of_creator(creator=request.auth, public_id=invite_id)
    return _invite_out(services_invites.invite_decline(actor=request.auth, invite=invite))


router.add_router("", seller)
router.add_router("", mine)
router.add_router("", payouts_router)
