"""The daily creator payout batch and its retries (to be imported by AffiliatesConfig.ready, as payments
imports its tasks, so the scheduler knows them)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.tasks.periodic import periodic


@periodic(every=timedelta(days=1), name="affiliates.creator_payout_batch")
@task()
def creator_payout_batch_task() -> dict:
    """Makes today's creator payouts (one per creator above PAYOUT_MINIMUM, or held with the reasons), sends them."""
    from lapak.market.affiliates.services_payouts import creator_payout_batch_run

    return creator_payout_batch_run()


@periodic(every=timedelta(minutes=15), name="affiliates.creator_payouts_retry")
@task()
def creator_payouts_retry_task() -> dict:
    """Sends creator payouts that failed and are due for a retry, or whose sending got stuck."""
    from lapak.market.affiliates.models_payouts import CreatorPayout
    from lapak.market.payments.services.payouts_disburse import payouts_disburse_due

    return payouts_disburse_due(model=CreatorPayout)
