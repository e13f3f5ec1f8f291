"""Ground for the payout tests: money in a shop's payable (posted as an escrow release would leave it), and a
shop ready to be paid (its current bank account verified, the owner's consent to payout processing)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lapak.market.ledger.kinds import AccountKind
from lapak.market.ledger.selectors import ledger_balance
from lapak.market.ledger.services import credit, debit, ledger_account, ledger_post
from lapak.market.sellers.models import BankAccount, BankAccountStatus, SellerOrganisation


def fund(org: SellerOrganisation, amount: int, key: str = "") -> None:
    """`amount` rupiah into the shop's payable, from the gateway (as a paid and released order leaves it)."""
    ledger_post(key=key or f"test-fund:{org.public_id}:{amount}", cause_type="test", cause_id=org.public_id,
                postings=[debit(ledger_account(kind=AccountKind.GATEWAY_CLEARING, owner_ref="midtrans"), amount),
                          credit(ledger_account(kind=AccountKind.SELLER_PAYABLE, owner_ref=org.public_id), amount)])


def payable(org: SellerOrganisation) -> int:
    return ledger_balance(kind=AccountKind.SELLER_PAYABLE, owner_ref=org.public_id)


def in_transit(org: SellerOrganisation) -> int:
    return ledger_balance(kind=AccountKind.PAYOUTS_IN_TRANSIT, owner_ref=org.public_id)


def ready(org: SellerOrganisation, owner, *, number: str = "1234567890") -> BankAccount:
    """The shop's payout account verified (made if it has none), the owner's consent to payout processing
    given, and no 24-hour hold."""
    from lapak.market.sellers.identity import bank_account_context
    from lapak.market.sellers.rules import consent_policy_version
    from lapak.market.sellers.services.consent import consent_grant
    from lapak.market.sellers.vault import encrypt_text, lookup_hash, mask

    BankAccount.objects.filter(organisation=org, is_current=True).update(is_current=False,
                                                                         replaced_at=timezone.now() - timedelta(days=3))
    account = BankAccount(organisation=org, bank_code="BCA", holder_name="Budi Santoso", is_current=True,
                          status=BankAccountStatus.VERIFIED)
    account.number_encrypted = encrypt_text(number, context=bank_account_context(account))
    account.number_masked, account.number_hash = mask("bank_account", number), lookup_hash("bank_account", number)
    account.save()
    SellerOrganisation.objects.filter(pk=org.pk).update(payout_hold_until=None)
    consent_grant(user=owner, purposes=["payout_processing"], policy_version=consent_policy_version())
    return account
