"""Errors of the ledger, in the application's one hierarchy."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lapak.core.errors import Conflict


class InsufficientBalance(Conflict):
    """A posting would take an account that may not go negative (a payable, escrow) below zero."""

    code = "ledger_insufficient_balance"
    default_message = _("The account does not hold enough money for this.")
