"""Background tasks of payments."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.tasks.periodic import periodic
from lapak.market.payments.services import payment_intents_expire, payment_intents_reconcile


@periodic(every=timedelta(minutes=1), name="payments.expire_intents")
@task()
def expire_intents_task() -> dict:
    """Marks live payment intents past their expiry as expired (idempotent)."""
    return {"expired": payment_intents_expire()}


@periodic(every=timedelta(minutes=5), name="payments.reconcile")
@task()
def reconcile_intents_task() -> dict:
    """Asks the gateway about intents pending too long, or closed moments ago, and applies the answers."""
    return payment_intents_reconcile()
