"""/api/v1/social/creators — creator profiles, phone verification, follows, showcases.

- `GET /creators/{handle}` (anyone): the public profile with the showcase; `GET /creators/{handle}/posts?cursor=`.
- `POST /creators/{handle}/follow`, `DELETE /creators/{handle}/follow` (signed in): idempotent.
- `POST /creators` (signed in): become a creator (profile; the creator role comes with the phone check).
- `GET`/`PATCH /creators/me`, `POST /creators/me/phone/send`, `POST /creators/me/phone/verify` (the profile owner).
- `POST /creators/me/showcase`, `DELETE /creators/me/showcase/{product_id}`, `PUT /creators/me/showcase`
  (the order; verified creators only).
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from lapak.core.errors import NotFound, PermissionDenied
from lapak.core.schemas import ErrorOut, StrictSchema
from lapak.social.api_feed import FeedPageOut, page_out
from lapak.social.models import Creator, ShowcaseItem
from lapak.social.selectors.creators import creator_by_handle, creator_of_account, is_following, showcase_of
from lapak.social.selectors.feed import creator_posts
from lapak.social.services import creators as services
from lapak.social.services import showcase as showcase_services

router = Router(tags=["social"])
E = ErrorOut
WRITE = {401: E, 403: E, 404: E, 409: E, 422: E, 429: E}


class ShowcaseItemOut(Schema):
    product_id: str
    title: str
    price_min: int
    price_max: int
    image_url: str
    seller_name: str
    available: bool
    position: int
    link: str


class CreatorOut(Schema):
    id: str
    handle: str
    display_name: str
    bio: str
    followers: int
    verified: bool
    following: bool
    url: str
    showcase: list[ShowcaseItemOut]


class MyCreatorOut(CreatorOut):
    phone: str
    seller_org: str
    phone_verified_at: datetime | None


def item_out(creator: Creator, item: ShowcaseItem) -> dict:
    return {"product_id": item.product_id, "title": item.title, "price_min": item.price_min,
            "price_max": item.price_max, "image_url": item.image_url, "seller_name": item.seller_name,
            "available": item.available, "position": item.position,
            "link": f"/go/showcase/{creator.public_id}/{item.product_id}/"}


def creator_out(creator: Creator, *, viewer: str = "", mine: bool = False) -> dict:
    out = {"id": creator.public_id, "handle": creator.handle, "display_name": creator.display_name,
           "bio": creator.bio, "followers": creator.followers_count,
           "verified": creator.phone_verified_at is not None,
           "following": is_following(follower=viewer, creator=creator), "url": f"/creators/{creator.handle}/",
           "showcase": [item_out(creator, item) for item in showcase_of(creator) if mine or item.available]}
    if mine:
        out.update(phone=creator.phone, seller_org=creator.seller_org, phone_verified_at=creator.phone_verified_at)
    return out


def _mine(request: HttpRequest) -> Creator:
    creator = creator_of_account(request.auth.public_id)
    if creator is None:
        raise NotFound(_("You have no creator profile yet."), code="creator_not_found")
    return creator


def _verified(request: HttpRequest) -> Creator:
    creator = _mine(request)
    if creator.phone_verified_at is None:
        raise PermissionDenied(_("Verify your phone number first."), code="creator_unverified")
    return creator


class CreatorIn(StrictSchema):
    handle: str = Field(..., max_length=40)
    display_name: str = Field(..., max_length=200)
    bio: str = Field("", max_length=1000)
    phone: str = Field(..., max_length=40)
    seller_org: str = Field("", max_length=60, description="Your shop's id (org_…), if you are one of its members.")


class CreatorPatchIn(StrictSchema):
    display_name: str | None = Field(None, max_length=200)
    bio: str | None = Field(None, max_length=1000)
    phone: str | None = Field(None, max_length=40)
    seller_org: str | None = Field(None, max_length=60)


class CodeIn(StrictSchema):
    code: str = Field(..., max_length=12)


class SentOut(Schema):
    sent_to: str
    expires_at: datetime


class FollowOut(Schema):
    following: bool
    followers: int


class ShowcaseAddIn(StrictSchema):
    product_id: str = Field(..., max_length=60)


class ShowcaseOrderIn(StrictSchema):
    product_ids: list[str] = Field(..., max_length=100)


@router.post("/creators", response={201: MyCreatorOut, **WRITE}, summary="Become a creator")
def creator_create(request: HttpRequest, payload: CreatorIn) -> Status:
    creator = services.creator_create(user=request.auth, **payload.dict())
    return Status(201, creator_out(creator, mine=True))


@router.get("/creators/me", response={200: MyCreatorOut, 401: E, 404: E}, summary="My creator profile")
def creator_me(request: HttpRequest) -> dict:
    return creator_out(_mine(request), mine=True)


@router.patch("/creators/me", response={200: MyCreatorOut, **WRITE}, summary="Change my creator profile")
def creator_me_patch(request: HttpRequest, payload: CreatorPatchIn) -> dict:
    creator = _mine(request)
    data = {"display_name": creator.display_name, "bio": creator.bio, "phone": creator.phone,
            "seller_org": creator.seller_org}
    data.update(payload.dict(exclude_none=True))
    return creator_out(services.creator_update(creator=creator, user=request.auth, **data), mine=True)


@router.post("/creators/me/phone/send", response={202: SentOut, **WRITE}, summary="Send a phone code")
def phone_send(request: HttpRequest) -> Status:
    check = services.phone_code_send(creator=_mine(request))
    return Status(202, {"sent_to": check.phone[:-4] + "••••", "expires_at": check.expires_at})


@router.post("/creators/me/phone/verify", response={200: MyCreatorOut, **WRITE}, summary="Verify the phone code",
             description="On success the account holds the creator role. Five attempts per code.")
def phone_verify(request: HttpRequest, payload: CodeIn) -> dict:
    creator = services.phone_code_verify(creator=_mine(request), user=request.auth, code=payload.code)
    return creator_out(creator, mine=True)


@router.post("/creators/me/showcase", response={201: ShowcaseItemOut, 503: E, **WRITE},
             summary="Add a product to my showcase")
def showcase_add(request: HttpRequest, payload: ShowcaseAddIn) -> Status:
    creator = _verified(request)
    return Status(201, item_out(creator, showcase_services.showcase_add(creator=creator,
                                                                          product_id=payload.product_id)))


@router.put("/creators/me/showcase", response={200: list[ShowcaseItemOut], **WRITE}, summary="Order my showcase")
def showcase_order(request: HttpRequest, payload: ShowcaseOrderIn) -> list[dict]:
    creator = _verified(request)
    items = showcase_services.showcase_reorder(creator=creator, product_ids=payload.product_ids)
    return [item_out(creator, item) for item in items]


@router.delete("/creators/me/showcase/{product_id}", response={204: None, **WRITE},
               summary="Remove a product from my showcase")
def showcase_remove(request: HttpRequest, product_id: str) -> Status:
    showcase_services.showcase_remove(creator=_verified(request), product_id=product_id)
    return Status(204, None)


@router.get("/creators/{handle}", auth=None, response={200: CreatorOut, 404: E}, summary="A creator's profile")
def creator_public(request: HttpRequest, handle: str) -> dict:
    return creator_out(creator_by_handle(handle))


@router.get("/creators/{handle}/posts", auth=None, response={200: FeedPageOut, 404: E, 422: E},
            summary="A creator's published posts", description="Newest first, with an opaque cursor.")
def creator_posts_api(request: HttpRequest, handle: str, cursor: str = "") -> dict:
    return page_out(creator_posts(creator=creator_by_handle(handle), cursor=cursor or None))


def _follow_out(creator: Creator, following: bool) -> dict:
    creator.refresh_from_db(fields=["followers_count"])
    return {"following": following, "followers": creator.followers_count}


@router.post("/creators/{handle}/follow", response={200: FollowOut, 401: E, 404: E, 422: E}, summary="Follow")
def follow(request: HttpRequest, handle: str) -> dict:
    creator = creator_by_handle(handle)
    services.creator_follow(creator=creator, follower=request.auth.public_id)
    return _follow_out(creator, True)


@router.delete("/creators/{handle}/follow", response={200: FollowOut, 401: E, 404: E}, summary="Unfollow")
def unfollow(request: HttpRequest, handle: str) -> dict:
    creator = creator_by_handle(handle)
    services.creator_unfollow(creator=creator, follower=request.auth.public_id)
    return _follow_out(creator, False)
