"""What the affiliates app must register when Django starts, for the offers, invitations and creator payouts
(call `affiliates_wire()` from AffiliatesConfig.ready(); it is idempotent):

- the invitation e-mail's outbox subscriber (handlers.py);
- the creator payout batch and retry as periodic jobs (tasks_payouts.py);
- creator payouts with payments' disbursement, so the gateways' payout callbacks find them;
- the creator payout account number with the vault's key rotation.
"""

from __future__ import annotations


def affiliates_wire() -> None:
    from lapak.market.affiliates import handlers, tasks_payouts  # noqa: F401  (subscriptions, periodic jobs)
    from lapak.market.affiliates.models_payouts import CreatorPayout, CreatorPayoutAccount, creator_account_context
    from lapak.market.payments.services.payouts_disburse import payout_model_register
    from lapak.market.sellers.vault import register_encrypted_field

    payout_model_register(CreatorPayout)
    register_encrypted_field(CreatorPayoutAccount, "number_encrypted", creator_account_context)
