"""Periodic job: stop lives on air where live shopping has been switched off (kill switch or pilot change).

Every chat message and pin already checks the switch, and each stream's poller checks it every few seconds; this
job makes the stop certain even for a live nobody is watching. It must be imported by the app's `ready()`.
"""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from lapak.core.tasks.periodic import periodic
from lapak.social.services.live import lives_suspend_switched_off


@periodic(every=timedelta(minutes=1), name="social.live.suspend_switched_off")
@task
def live_suspend_switched_off() -> list[str]:
    return lives_suspend_switched_off()
