"""`manage.py payout_batch`: run today's payout batch now (the demo's "pay the sellers" step)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Make today's payouts (one per seller above PAYOUT_MINIMUM, or held with reasons) and send them."

    def handle(self, *args: Any, **options: Any) -> None:
        from lapak.market.payments.services.payouts import payout_batch_run

        self.stdout.write(json.dumps(payout_batch_run()))
