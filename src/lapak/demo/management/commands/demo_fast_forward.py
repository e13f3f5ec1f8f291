"""`manage.py demo_fast_forward --days N`: in a demo, run the order and escrow jobs as if N days had passed.

A buyer's return window is at least two working days (ID-CON-1) and an unconfirmed parcel completes three days
after delivery, so in a demo session nothing would reach a seller's balance. This runs the scheduler's own jobs
(orders.auto_complete, then payments.escrow_release) with their `now` moved N days ahead: parcels delivered and
not confirmed are completed, and every completed seller order whose window has closed by then is released to
the seller's payable, through the same services. Nothing else is moved: rows keep the real time, except that a
release records the simulated moment as its `released_at`. Then `manage.py payout_batch` pays the sellers.

Refused unless the demo is on (DEBUG or DEMO_PAYMENTS): in production the windows are the law's.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


def demo_mode() -> bool:
    return bool(settings.DEBUG or getattr(settings, "DEMO_PAYMENTS", False))


class Command(BaseCommand):
    help = "Demo only: complete delivered parcels and release escrows as if --days had passed."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--days", type=int, default=7, help="How far ahead the jobs look (1 to 60 days).")

    def handle(self, *args: object, days: int, **options: object) -> None:
        from lapak.market.orders.services.completion import seller_orders_auto_complete
        from lapak.market.payments.services.release import escrows_release_due

        if not demo_mode():
            raise CommandError("demo_fast_forward runs only in a demo (DEBUG=1 or DEMO_PAYMENTS=1).")
        if not 1 <= days <= 60:
            raise CommandError("--days must be between 1 and 60.")
        then = timezone.now() + timedelta(days=days)
        completed = seller_orders_auto_complete(now=then)
        released = escrows_release_due(now=then)
        self.stdout.write(json.dumps({"as_of": then.isoformat(timespec="seconds"), "completed": completed,
                                      **released}))
