"""Sending the e-mails of one timeline entry, each (entry, recipient, audience) at most once.

Runs from the outbox handler: after the entry's transaction committed, at least once, possibly in two workers at
the same moment. Each e-mail is claimed by inserting its OrderNotification row (the unique constraint lets one
insert win; the loser skips that e-mail), sent, then marked sent. A failed send deletes its claim and raises,
so the outbox retries the event and only the e-mails not yet sent go out.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from lapak.market.orders.models import Audience, EventKind, OrderEvent, OrderNotification, ReturnRequest
from lapak.market.orders.notifications.common import (
    Facts,
    buyer_of,
    email_of,
    language_of,
    page_of,
    shop_team_of,
)
from lapak.market.orders.notifications.order_steps import order_step_letters
from lapak.market.orders.notifications.return_steps import return_step_letters


def _facts(event_id: object) -> Facts | None:
    event = (OrderEvent.objects.select_related("order__buyer", "seller_order__seller")
             .filter(pk=event_id if isinstance(event_id, int) else None).first())
    if event is None:
        return None
    if event.kind != EventKind.RETURN:
        return Facts(event=event)
    ret = ReturnRequest.objects.filter(public_id=str(event.data.get("return", ""))).first()
    return Facts(event=event, return_request=ret) if ret is not None else None


def _claim(event: OrderEvent, user: object, audience: str) -> bool:
    try:
        with transaction.atomic():
            OrderNotification.objects.create(event=event, recipient=user, audience=audience)
    except IntegrityError:
        return False
    return True


def order_event_notify(*, event_id: object) -> int:
    """Tell everyone who should hear of timeline entry `event_id` (order_steps.py, return_steps.py), each in
    their own language; returns how many e-mails this call sent. Guarantees: an e-mail already claimed (sent, or
    being sent by another worker) is never sent again; an e-mail whose send raised is released and the error
    re-raised, after the other recipients were tried, so a retry sends exactly what is missing."""
    facts = _facts(event_id)
    if facts is None:
        return 0
    event = facts.event
    plan = return_step_letters(facts) if event.kind == EventKind.RETURN else order_step_letters(facts)
    sent, failure = 0, None
    for audience, writer in plan:
        for user in (buyer_of(facts) if audience == Audience.BUYER else shop_team_of(facts)):
            language = language_of(user)
            with translation.override(language):
                message = email_of(letter=writer(facts), user=user, link=page_of(facts, audience), language=language)
            if not _claim(event, user, audience):
                continue
            try:
                message.send()
            except Exception as exc:
                OrderNotification.objects.filter(event=event, recipient=user, audience=audience).delete()
                failure = failure or exc
                continue
            OrderNotification.objects.filter(event=event, recipient=user, audience=audience).update(
                sent_at=timezone.now())
            sent += 1
    if failure is not None:
        raise failure
    return sent
