"""The daily payout batch (issue 6 part 6), declared here and imported by tasks.py."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.tasks.periodic import periodic


@periodic(every=timedelta(days=1), name="payments.payout_batch")
@task()
def payout_batch_task() -> dict:
    """Makes today's payouts (one per seller above PAYOUT_MINIMUM, or held with the reasons) and sends them."""
    from lapak.market.payments.services.payouts import payout_batch_run

    return payout_batch_run()


@periodic(every=timedelta(minutes=15), name="payments.payouts_retry")
@task()
def payouts_retry_task() -> dict:
    """Sends payouts that failed and are due for a retry, or whose sending got stuck."""
    from lapak.market.payments.services.payouts_disburse import payouts_disburse_due

    return payouts_disburse_due()
