"""The events of a live's stream, as Server-Sent Events: what a viewer's page receives, and the reads behind them.

Event types: `chat` (with `id:` = the message id, so a reconnecting browser sends Last-Event-ID and is sent what
it missed), `gap` (a reconnect missed more than CATCH_UP_LIMIT messages: only the newest were sent), `hide`, `pin`,
`unpin`, `viewers`, `status`. `status` carries the whole state (status, pinned
products, voucher code), and `pin`/`unpin` the full pinned list too, so a client that missed some never needs
history to show the right products. Encoded once per event, shared by every viewer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from lapak.core.money import Money
from lapak.social.models import ChatMessage, LivePin, LiveSession

CATCH_UP_LIMIT = 200  # missed messages sent to a reconnecting viewer; older ones are on the page's history
HIDDEN_LIMIT = 300  # hidden message ids told to a new stream (the page keeps at most 300 messages)
RETRY_MS = 3000


@dataclass(frozen=True)
class Event:
    chat_id: int | None  # the chat message id for `chat` events (dedup against a catch-up), else None
    data: bytes


def sse(event: str, payload: dict, *, event_id: int | None = None) -> bytes:
    lines = f"id: {event_id}\n" if event_id is not None else ""
    return f"{lines}event: {event}\ndata: {json.dumps(payload, ensure_ascii=False, separators=(',', ':'))}\n\n".encode()


def handoff_path(live_id: str, product_id: str) -> str:
    # The social redirect (lapak.social.urls_handoff) issues a fresh hand-off token per tap.
    return f"/go/live/{live_id}/{product_id}/"


def pin_card(live_id: str, pin: LivePin) -> dict:
    low, high = Money(pin.price_min, "IDR").format(), Money(pin.price_max, "IDR").format()
    return {"product_id": pin.product_id, "title": pin.title, "price": low if low == high else f"{low} – {high}",
            "image_url": pin.image_url, "seller_name": pin.seller_name, "url": handoff_path(live_id, pin.product_id)}


def chat_payload(message: ChatMessage) -> dict:
    return {"id": message.pk, "author": message.author_name, "body": message.body,
            "at": message.created_at.isoformat()}


def chat_event(message: ChatMessage) -> Event:
    return Event(message.pk, sse("chat", chat_payload(message), event_id=message.pk))


@dataclass(frozen=True)
class LiveState:
    status: str
    voucher_code: str
    pins: tuple[tuple[str, dict], ...]  # (product id, card) in pin order
    hidden: frozenset[int]

    def payload(self, **extra: object) -> dict:
        return {"status": self.status, "voucher_code": self.voucher_code,
                "pinned": [card for _, card in self.pins], **extra}


def read_state(live_pk: int, *, hidden_since: int = 0, with_hidden: bool = True) -> LiveState | None:
    """The live's status and pins now, and its hidden messages with ids above `hidden_since` (three small
    queries; two without `with_hidden`). None when the live no longer exists. Never called on the event loop."""
    live = LiveSession.objects.filter(pk=live_pk).values("public_id", "status", "voucher_code").first()
    if live is None:
        return None
    pins = tuple((p.product_id, pin_card(live["public_id"], p)) for p in
                 LivePin.objects.filter(live_id=live_pk, unpinned_at=None).order_by("pinned_at", "id"))
    hidden = frozenset(ChatMessage.objects.filter(live_id=live_pk, hidden=True, id__gt=hidden_since)
                       .values_list("id", flat=True)) if with_hidden else frozenset()
    return LiveState(live["status"], live["voucher_code"], pins, hidden)


def read_chat_after(live_pk: int, after: int, limit: int = 500) -> list[ChatMessage]:
    """Visible messages with an id above `after`, in id order (one indexed query)."""
    return list(ChatMessage.objects.filter(live_id=live_pk, id__gt=after, hidden=False)
                .only("id", "author_name", "body", "created_at").order_by("id")[:limit])


def read_chat_newest_after(live_pk: int, after: int, limit: int) -> list[ChatMessage]:
    """The newest `limit` visible messages with an id above `after`, in id order (one indexed query)."""
    rows = list(ChatMessage.objects.filter(live_id=live_pk, id__gt=after, hidden=False)
                .only("id", "author_name", "body", "created_at").order_by("-id")[:limit])
    return rows[::-1]


def read_hidden_recent(live_pk: int, limit: int = HIDDEN_LIMIT) -> list[int]:
    """The ids of the live's newest `limit` hidden messages, ascending: told to every new stream, so a hide made
    while a viewer was away still removes the message from its screen (a page shows at most 300 messages)."""
    ids = list(ChatMessage.objects.filter(live_id=live_pk, hidden=True).order_by("-id")
               .values_list("id", flat=True)[:limit])
    return ids[::-1]


def latest_chat_id(live_pk: int) -> int:
    return ChatMessage.objects.filter(live_id=live_pk).order_by("-id").values_list("id", flat=True).first() or 0


def state_changes(before: LiveState, after: LiveState) -> list[Event]:
    """The events that take a viewer from `before` to `after`."""
    events: list[Event] = []
    for message_id in sorted(after.hidden - before.hidden):
        events.append(Event(None, sse("hide", {"id": message_id})))
    old, new = dict(before.pins), dict(after.pins)
    pinned = [card for _, card in after.pins]
    for product_id in old.keys() - new.keys():
        events.append(Event(None, sse("unpin", {"product_id": product_id, "pinned": pinned})))
    for product_id, card in after.pins:
        if product_id not in old:
            events.append(Event(None, sse("pin", {"product": card, "pinned": pinned})))
    if (before.status, before.voucher_code) != (after.status, after.voucher_code):
        events.append(Event(None, sse("status", after.payload())))
    return events
