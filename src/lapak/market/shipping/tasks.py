"""Background tasks of shipping."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from lapak.core.tasks.periodic import periodic
from lapak.market.shipping.sandbox import sandbox_tick


@periodic(every=timedelta(seconds=getattr(settings, "SHIPPING_SANDBOX_TICK_SECONDS", 30)), name="shipping.sandbox")
@task()
def sandbox_tick_task() -> dict:
    """Moves sandbox shipments one step along and posts their tracking events to Lapak's webhook."""
    return {"sent": sandbox_tick()}
