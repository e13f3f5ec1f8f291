"""The live chat: signed-in viewers post while the live is on air (rate limited), the host hides messages.

Messages are stored as typed (escaped when shown, never trusted as HTML) and delivered to viewers by the stream
pollers (lapak.social.live_hub), which read new rows from the database.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, NotFound, RateLimited, ValidationFailed
from lapak.core.ratelimit import rate_limit_hit
from lapak.social.live_signal import live_changed
from lapak.social.models import ChatMessage, LiveSession
from lapak.social.services.live import live_switch_check

MAX_LENGTH = 300
# Per account: one message per COOLDOWN seconds (since the last one accepted) and 20 per minute (a fixed window).
COOLDOWN = 2
PER_MINUTE = 20


def _cooled_down(account: str) -> bool:
    """Claim the account's next message slot: False when its last message was accepted less than COOLDOWN seconds
    ago. A fixed 2-second window would let two messages through a few milliseconds apart, across its edge."""
    key, now = f"social:live:chat:last:{account}", time.time()
    if cache.add(key, now, timeout=COOLDOWN + 1):
        return True
    last = cache.get(key)
    if last is not None and now - float(last) < COOLDOWN:
        return False
    cache.set(key, now, timeout=COOLDOWN + 1)
    return True


def chat_post(*, account: str, author_name: str, live_id: str, body: str) -> ChatMessage:
    """Post a message to a live on air. Guarantees: 1–300 characters after trimming, the account within its rate
    limits (RateLimited otherwise, nothing stored), live shopping still allowed where the host is."""
    body = body.strip()
    if not body:
        raise ValidationFailed(fields={"body": [_("Write a message.")]})
    if len(body) > MAX_LENGTH:
        raise ValidationFailed(fields={"body": [_("At most %(n)d characters.") % {"n": MAX_LENGTH}]})
    live = LiveSession.objects.select_related("creator").filter(public_id=live_id).first()
    if live is None:
        raise NotFound(_("There is no such live."))
    _require_on_air(live)
    live_switch_check(live)
    if not _cooled_down(account) or not rate_limit_hit(scope="social.live.chat.1m", identity=account,
                                                       limit=PER_MINUTE, window_seconds=60):
        raise RateLimited(_("You are sending messages too fast. Wait a moment."))
    with transaction.atomic(using="social"):
        # The status again, under the live's row lock: live_end takes the same lock, so a message is either
        # stored before the live ended or refused, never stored after.
        locked = LiveSession.objects.select_for_update().filter(pk=live.pk).values_list("status", flat=True).first()
        _require_on_air(live, status=locked)
        return ChatMessage.objects.create(live=live, account=account, author_name=(author_name or "")[:80],
                                          body=body)


def _require_on_air(live: LiveSession, *, status: str | None = None) -> None:
    if (status or live.status) != LiveSession.Status.LIVE:
        raise Conflict(_("The chat is open only while the live is on air."), code="live_not_on_air")


def chat_hide(*, actor: str, live_id: str, message_id: int) -> ChatMessage:
    """Hide a message of the actor's own live from viewers and from the replay (audited; the row is kept)."""
    with transaction.atomic(using="social"), transaction.atomic(using="default"):
        message = (ChatMessage.objects.select_for_update(of=("self",)).select_related("live__creator")
                   .filter(pk=message_id, live__public_id=live_id).first())
        if message is None or message.live.creator.account != actor:
            raise NotFound(_("There is no such message."))
        if not message.hidden:
            message.hidden = True
            message.save(update_fields=["hidden"])
            audit_append(actor=actor, action="social.live.chat_hidden", subject_type="live_chat",
                         subject_id=f"{message.live.public_id}:{message.pk}",
                         jurisdiction=message.live.creator.jurisdiction, before={"hidden": False},
                         after={"hidden": True, "body": message.body, "account": message.account})
    live_changed(message.live_id)
    return message
