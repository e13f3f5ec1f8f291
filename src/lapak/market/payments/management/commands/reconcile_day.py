"""`manage.py reconcile_day YYYY-MM-DD`: reconcile one WIB day with the gateway's settlement records (ADR 0013);
prints the report and each mismatch, and exits non-zero when there is one."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lapak.market.payments.gateways.registry import MIDTRANS, PROVIDERS
from lapak.market.payments.services.reconciliation import reconciliation_run


class Command(BaseCommand):
    help = "Reconcile one day (WIB) of a payment gateway's settlements with the ledger; re-running replaces it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("day", help="YYYY-MM-DD")
        parser.add_argument("--provider", default=MIDTRANS, choices=PROVIDERS)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = date.fromisoformat(options["day"])
        except ValueError:
            raise CommandError(_("The day must be written YYYY-MM-DD.")) from None
        report = reconciliation_run(day=day, provider=options["provider"])
        self.stdout.write(_("%(provider)s %(day)s: gateway %(g)d records (in %(gp)d, out %(gr)d), ledger %(l)d "
                            "entries (in %(lp)d, out %(lr)d), run %(runs)d.") % {
            "provider": report.provider, "day": report.day, "g": report.gateway_count, "gp": report.gateway_paid,
            "gr": report.gateway_refunded, "l": report.ledger_count, "lp": report.ledger_paid,
            "lr": report.ledger_refunded, "runs": report.runs})
        if report.mismatch_count == 0:
            self.stdout.write(_("OK: no mismatches."))
            return
        for item in report.items.all():
            self.stderr.write(f"{item.kind} {item.record_kind} {item.reference} gateway={item.gateway_amount} "
                              f"ledger={item.ledger_amount} ({item.gateway_count}/{item.ledger_count})")
        raise CommandError(_("%(count)d mismatches.") % {"count": report.mismatch_count})
