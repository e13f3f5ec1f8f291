"""Asking the gateway about intents we have heard nothing about: a lost notification must not lose a payment.

A status answer comes from a request we made to the gateway with our server key, so it needs no signature; it
is stored in the inbox like a notification (source "status") and claimed under the same event key, so the
notification that arrives later (or arrived meanwhile) is a duplicate and nothing is applied twice.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from lapak.core.errors import LapakError
from lapak.market.payments import policy
from lapak.market.payments.gateways.registry import gateway_for
from lapak.market.payments.models import IntentStatus, PaymentIntent, PaymentNotification
from lapak.market.payments.services.notifications import notification_process

log = logging.getLogger(__name__)
RECONCILE_BATCH = 100


def payment_intent_refresh(*, intent: PaymentIntent) -> PaymentIntent:
    """Asks the gateway for the intent's status now and processes the answer as a notification (the buyer's
    "Check payment status" button). GatewayUnavailable if the gateway cannot be asked; returns the intent as
    it is afterwards."""
    if intent.provider:
        gateway = gateway_for(intent.provider)
        event = gateway.status(intent.provider_order_id)
        if event is not None and event.provider_order_id == intent.provider_order_id:
            body = json.dumps(dict(event.raw), default=str).encode()
            row = PaymentNotification.objects.create(provider=intent.provider, source="status", body=body,
                                                     headers={})
            notification_process(row=row, provider=intent.provider, event=event)
    intent.refresh_from_db()
    return intent


def payment_intents_reconcile(*, now: datetime | None = None, batch: int = RECONCILE_BATCH) -> dict[str, int]:
    """Asks the gateway about every intent still live `reconcile_after()` after it was made, and about intents
    closed on our side within `reconcile_grace()` (expired or cancelled locally while the buyer may just have
    paid); each answer is processed like a notification. One unreachable gateway or intent does not stop the
    others. Returns counts: asked, failed."""
    now = now or timezone.now()
    stale = Q(status__in=[IntentStatus.REQUIRES_ACTION, IntentStatus.PENDING],
              created_at__lte=now - policy.reconcile_after())
    recently_closed = Q(status__in=[IntentStatus.EXPIRED, IntentStatus.CANCELLED],
                        closed_at__gte=now - policy.reconcile_grace(), closed_at__lte=now)
    intents = list(PaymentIntent.objects.filter(stale | recently_closed).exclude(provider="")
                   .order_by("created_at", "pk")[:batch])
    asked = failed = 0
    for intent in intents:
        try:
            payment_intent_refresh(intent=intent)
            asked += 1
        except LapakError:
            failed += 1
            log.warning("could not reconcile payment %s", intent.provider_order_id)
    return {"asked": asked, "failed": failed}
