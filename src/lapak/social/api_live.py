"""The live shopping API under /api/v1/social/lives….

- Anyone reads: `GET /lives?state=live|upcoming`, `GET /lives/{id}` (with the pinned products), and the chat
  `GET /lives/{id}/chat?after=…|before=…` (keyset pages by message id).
- A creator with a verified phone schedules (`POST /lives`); only the live's host starts, ends, cancels, pins,
  unpins and hides chat messages (anyone else: 404, nothing stored). Starting asks the compliance engine: a
  refusal (the `live_shopping` kill switch, say) is 403 `live_refused` with the reasons in both languages.
- Any signed-in account posts to the chat of a live on air (1 message per 2 s, 20 per minute: 429).
- Regulators only read. `GET /lives/{id}/events` is the live's Server-Sent Events stream (the same as the page's
  `/live/{id}/events`): chat, hide, pin, unpin, viewers, status; send Last-Event-ID to resume.
Who may call each operation is listed in tests/test_live_api_matrix.py.
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from lapak.accounts.selectors import user_roles
from lapak.core.errors import NotFound, PermissionDenied
from lapak.core.schemas import ErrorOut, StrictSchema
from lapak.social.live_events import chat_payload, pin_card
from lapak.social.models import LiveSession
from lapak.social.selectors.live import chat_page, live_get, live_pins_shown, lives_on_air, lives_upcoming
from lapak.social.services.live import live_cancel, live_end, live_schedule, live_start
from lapak.social.services.live_chat import chat_hide, chat_post
from lapak.social.services.live_pins import live_pin, live_unpin
from lapak.social.views_live_stream import live_events_response

router = Router(tags=["social: live"])
E = ErrorOut
WRITE = {401: E, 403: E, 404: E, 409: E, 422: E}


class LiveIn(StrictSchema):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=2000)
    scheduled_for: datetime
    stream_url: str = Field("", max_length=600, description="The https:// HLS address from a streaming service.")
    voucher_code: str = Field("", max_length=64, description="A marketplace voucher code (the marketplace runs it).")
    campaign: str = Field("", max_length=64)


class EndIn(StrictSchema):
    replay_url: str = Field("", max_length=600)


class PinIn(StrictSchema):
    product_id: str = Field(..., max_length=64)


class ChatIn(StrictSchema):
    body: str = Field(..., max_length=2000, description="1 to 300 characters.")


class PinOut(Schema):
    product_id: str
    title: str
    price: str
    image_url: str
    seller_name: str
    url: str = Field(..., description="The hand-off link that opens the product on the marketplace.")


class LiveOut(Schema):
    id: str
    title: str
    description: str
    status: str
    host: str = Field(..., description="The host's creator handle.")
    scheduled_for: datetime
    started_at: datetime | None
    ended_at: datetime | None
    stream_url: str
    replay_url: str
    voucher_code: str
    peak_viewers: int
    pinned: list[PinOut]
    events_url: str


class ChatOut(Schema):
    id: int
    author: str
    body: str
    at: str


def _out(live: LiveSession) -> dict:
    return {"id": live.public_id, "title": live.title, "description": live.description, "status": live.status,
            "host": live.creator.handle, "scheduled_for": live.scheduled_for, "started_at": live.started_at,
            "ended_at": live.ended_at, "stream_url": live.stream_url, "replay_url": live.replay_url,
            "voucher_code": live.voucher_code, "peak_viewers": live.peak_viewers,
            "pinned": [pin_card(live.public_id, p) for p in live_pins_shown(live=live)],
            "events_url": f"/live/{live.public_id}/events"}


def _actor(request: HttpRequest) -> str:
    if "regulator" in user_roles(request.auth):
        raise PermissionDenied(_("Regulators have read-only access."), code="read_only")
    return request.auth.public_id


@router.get("/lives", response=list[LiveOut], auth=None, summary="Lives on air, or coming up")
def lives(request: HttpRequest, state: str = Query("live", pattern="^(live|upcoming)$")) -> list[dict]:
    return [_out(live) for live in (lives_on_air() if state == "live" else lives_upcoming())]


@router.post("/lives", response={201: LiveOut, **WRITE}, summary="Schedule a live (a verified creator)")
def live_create(request: HttpRequest, payload: LiveIn) -> Status:
    live = live_schedule(actor=_actor(request), **payload.dict())
    return Status(201, _out(live_get(live_id=live.public_id)))


@router.get("/lives/{live_id}", response={200: LiveOut, 404: E}, auth=None, summary="One live")
def live_read(request: HttpRequest, live_id: str) -> dict:
    live = live_get(live_id=live_id)
    if live is None:
        raise NotFound(_("There is no such live."))
    return _out(live)


@router.post("/lives/{live_id}/start", response={200: LiveOut, **WRITE}, summary="Go live (the host)")
def live_go(request: HttpRequest, live_id: str) -> dict:
    return _out(live_start(actor=_actor(request), live_id=live_id))


@router.post("/lives/{live_id}/end", response={200: LiveOut, **WRITE}, summary="End the live (the host)")
def live_stop(request: HttpRequest, live_id: str, payload: EndIn) -> dict:
    return _out(live_end(actor=_actor(request), live_id=live_id, replay_url=payload.replay_url))


@router.post("/lives/{live_id}/cancel", response={200: LiveOut, **WRITE}, summary="Cancel a scheduled live")
def live_drop(request: HttpRequest, live_id: str) -> dict:
    return _out(live_cancel(actor=_actor(request), live_id=live_id))


@router.post("/lives/{live_id}/pins", response={201: PinOut, **WRITE, 503: E}, summary="Pin a product (the host)")
def pin_add(request: HttpRequest, live_id: str, payload: PinIn) -> Status:
    pin = live_pin(actor=_actor(request), live_id=live_id, product_id=payload.product_id)
    return Status(201, pin_card(live_id, pin))


@router.delete("/lives/{live_id}/pins/{product_id}", response={204: None, **WRITE}, summary="Unpin a product")
def pin_remove(request: HttpRequest, live_id: str, product_id: str) -> Status:
    live_unpin(actor=_actor(request), live_id=live_id, product_id=product_id)
    return Status(204, None)


@router.get("/lives/{live_id}/chat", response={200: list[ChatOut], 404: E}, auth=None,
            summary="Chat messages, a keyset page")
def chat_list(request: HttpRequest, live_id: str, after: int | None = Query(None, ge=0),
              before: int | None = Query(None, ge=0), limit: int = Query(50, ge=1, le=200)) -> list[dict]:
    live = live_get(live_id=live_id)
    if live is None:
        raise NotFound(_("There is no such live."))
    return [chat_payload(m) for m in chat_page(live=live, after=after, before=before, limit=limit)]


@router.post("/lives/{live_id}/chat", response={201: ChatOut, **WRITE, 429: E}, summary="Post to the chat")
def chat_send(request: HttpRequest, live_id: str, payload: ChatIn) -> Status:
    account = _actor(request)
    name = (request.auth.full_name or "").strip().split(" ")[0][:80] or str(_("Viewer"))
    message = chat_post(account=account, author_name=name, live_id=live_id, body=payload.body)
    return Status(201, chat_payload(message))


@router.get("/lives/{live_id}/events", response={200: None, 204: None, 404: E}, auth=None,
            summary="The live's event stream (text/event-stream)")
async def live_stream(request: HttpRequest, live_id: str) -> HttpResponse:
    # An async operation: under ASGI the stream runs on the server's loop (views_live_stream explains both servers).
    return await live_events_response(request, live_id)


@router.post("/lives/{live_id}/chat/{message_id}/hide", response={200: ChatOut, **WRITE},
             summary="Hide a chat message (the host)")
def chat_conceal(request: HttpRequest, live_id: str, message_id: int) -> dict:
    return chat_payload(chat_hide(actor=_actor(request), live_id=live_id, message_id=message_id))
