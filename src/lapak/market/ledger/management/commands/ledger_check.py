"""`manage.py ledger_check`: verify the ledger's invariants; prints each problem and exits non-zero on any."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lapak.market.ledger.checks import ledger_check
from lapak.market.ledger.models import Account, JournalEntry


class Command(BaseCommand):
    help = ("Check the ledger: every entry balances, account snapshots equal the sum of their postings, "
            "running balances are right, and no payable or escrow account is below zero.")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = ledger_check()
        if not problems:
            self.stdout.write(_("OK: %(entries)d journal entries, %(accounts)d accounts, no problems.")
                              % {"entries": JournalEntry.objects.count(), "accounts": Account.objects.count()})
            return
        for problem in problems:
            self.stderr.write(str(problem))
        raise CommandError(_("Ledger check FAILED: %(count)d problems.") % {"count": len(problems)})
