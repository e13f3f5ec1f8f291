"""Background tasks of payments."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.tasks.periodic import periodic
from lapak.market.payments.services import payment_intents_expire, payment_intents_reconcile
from lapak.market.payments.services.release import escrows_release_due


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


@periodic(every=timedelta(minutes=15), name="payments.escrow_release")
@task()
def escrow_release_task() -> dict:
    """Releases the escrow of seller orders completed past their return window (ADR 0011); once each."""
    return escrows_release_due()


@periodic(every=timedelta(minutes=5), name="payments.refunds_execute")
@task()
def refunds_execute_task() -> dict:
    """Pays back refunds that are requested, failed and due for a retry, or stuck; adopts refund-needed rows."""
    from lapak.market.payments.services.refunds import refunds_execute_due

    return refunds_execute_due()


@periodic(every=timedelta(days=1), name="payments.reconcile_daily")
@task()
def reconcile_daily_task() -> dict:
    """Reconciles yesterday (WIB) with each gateway's settlement records (ADR 0013). Slots start at 00:00 UTC,
    07:00 WIB: yesterday is complete, and its late notifications had seven hours to arrive."""
    from lapak.market.payments.gateways.registry import providers_configured
    from lapak.market.payments.services.reconciliation import reconciliation_run, wib_yesterday

    day = wib_yesterday()
    reports = [reconciliation_run(day=day, provider=provider) for provider in providers_configured()]
    return {"day": day.isoformat(), **{r.provider: r.status for r in reports}}
from lapak.market.payments import tasks_cod, tasks_payouts  # noqa: E402, F401  (payouts; sandbox COD remittance)
