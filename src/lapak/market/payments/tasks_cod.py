"""The sandbox courier's daily cash-on-delivery remittance (demo), declared here and imported by tasks.py."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from lapak.core.tasks.periodic import periodic


@periodic(every=timedelta(days=1), name="payments.cod_sandbox_remittance")
@task()
def cod_sandbox_remittance_task() -> dict:
    """Records yesterday's (WIB) remittance of the sandbox courier, as `manage.py cod_remittance_import --sandbox
    --date <yesterday>` does, when a courier books through the sandbox; otherwise nothing. Slots start at 00:00
    UTC, 07:00 WIB: yesterday's deliveries are complete. Idempotent: a slot run twice records nothing more."""
    from lapak.market.payments.services.cod_sandbox import cod_sandbox_remittance_import
    from lapak.market.payments.services.reconciliation import WIB, wib_yesterday
    from lapak.market.shipping.selectors import sandbox_courier_in_use

    if not sandbox_courier_in_use():
        return {"skipped": "no courier books through the sandbox"}
    day = wib_yesterday()
    with timezone.override(WIB):  # the sandbox reads "delivered on the day" in the current time zone
        remittance = cod_sandbox_remittance_import(day=day)
    result = remittance.result
    return {"day": day.isoformat(), "reference": remittance.reference, "lines": remittance.lines,
            "matched": result.matched, "repeated": result.repeated, "mismatches": len(result.mismatches)}
