"""Payout bank accounts: set or change the account (owner only), and operators' review of doubtful ones.

Only the owner may change where the money goes: a manager can run the shop, but an account takeover of a
manager must not be able to redirect payouts. Every change re-checks the holder name and holds payouts for
PAYOUT_HOLD_AFTER_BANK_CHANGE, so a hijacked change can be noticed (the owner is e-mailed) before money moves.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, ValidationFailed
from lapak.core.outbox.services import outbox_emit
from lapak.market.sellers.identity import bank_account_context
from lapak.market.sellers.lock_objects import bank_accounts_for_update, organisation_for_update
from lapak.market.sellers.models import (
    BankAccount,
    BankAccountStatus,
    MemberRole,
    OrganisationStatus,
    SellerApplication,
    SellerOrganisation,
)
from lapak.market.sellers.permissions import actor_label, require_independent_operator, require_member
from lapak.market.sellers.rules import PAYOUT_HOLD_AFTER_BANK_CHANGE
from lapak.market.sellers.services.checks import applicant_names, holder_match
from lapak.market.sellers.vault import encrypt_text, lookup_hash, mask, normalise

BANK_CHANGED_TOPIC = "sellers.bank_account.changed"


def bank_account_fields_checked(bank_code: str, account_number: str, holder_name: str) -> tuple[str, str, str]:
    """A bank account as typed, made canonical: (bank code upper-case, the account number's digits, the holder's
    name with single spaces); ValidationFailed naming each field that is wrong. Shared by sellers' payout
    accounts and buyers' refund accounts."""
    errors: dict[str, list] = {}
    number = normalise("bank_account", account_number or "")
    if not (6 <= len(number) <= 20) or number != "".join((account_number or "").split()).replace("-", ""):
        errors["account_number"] = [_("An account number has 6 to 20 digits.")]
    bank_code = (bank_code or "").strip().upper()
    if not bank_code or len(bank_code) > 20:
        errors["bank_code"] = [_("Choose the bank.")]
    holder_name = " ".join((holder_name or "").split())
    if not holder_name or len(holder_name) > 150:
        errors["holder_name"] = [_("Enter the account holder's name as the bank shows it.")]
    if errors:
        raise ValidationFailed(fields=errors)
    return bank_code, number, holder_name


def bank_account_set(
    *, organisation: SellerOrganisation, actor: object, bank_code: str, account_number: str, holder_name: str
) -> BankAccount:
    """Make this the organisation's payout account (the owner only).

    Guarantees, in one transaction under the organisation's row lock: the previous account stops being
    current (it is kept: a financial record); the new one starts `pending`, with the holder name matched
    against the applicant's names (a mismatch makes it `needs_review`); when it replaces an account,
    payouts are held for 24 hours and the owner is e-mailed. The number is stored only encrypted,
    masked and as a keyed hash.
    """
    require_member(organisation, actor, [MemberRole.OWNER])
    bank_code, number, holder_name = bank_account_fields_checked(bank_code, account_number, holder_name)
    now = timezone.now()
    with transaction.atomic():
        locked = organisation_for_update().get(pk=organisation.pk)
        if locked.status == OrganisationStatus.CLOSED:
            raise Conflict(_("This shop is closed."), code="seller_closed")
        previous = list(bank_accounts_for_update().filter(organisation=locked, is_current=True))
        BankAccount.objects.filter(pk__in=[a.pk for a in previous]).update(is_current=False, replaced_at=now)
        account = BankAccount(organisation=locked, bank_code=bank_code, holder_name=holder_name, created_by=actor,
                              status=BankAccountStatus.PENDING, created_at=now, status_changed_at=now)
        account.number_encrypted = encrypt_text(number, context=bank_account_context(account))
        account.number_masked = mask("bank_account", number)
        account.number_hash = lookup_hash("bank_account", number)
        latest = SellerApplication.objects.filter(organisation=locked).order_by("-created_at", "-pk").first()
        match = holder_match(holder_name, applicant_names(latest)) if latest else None
        if match is not None:
            account.holder_match_score, account.holder_matched = match.score, match.matched
            if not match.matched:
                account.status = BankAccountStatus.NEEDS_REVIEW
        account.save()
        if previous:
            locked.payout_hold_until = now + PAYOUT_HOLD_AFTER_BANK_CHANGE
            locked.save(update_fields=["payout_hold_until", "updated_at"])
        audit_append(
            actor=actor_label(actor), action="seller.bank_account.changed" if previous else "seller.bank_account.set",
            subject_type="seller_organisation", subject_id=locked.public_id, jurisdiction=locked.jurisdiction,
            before={"bank_account": previous[0].public_id} if previous else None,
            after={"bank_account": account.public_id, "bank_code": bank_code, "status": account.status,
                   "holder_matched": account.holder_matched,
                   "payout_hold_until": locked.payout_hold_until if previous else None},
        )
        if previous:
            outbox_emit(topic=BANK_CHANGED_TOPIC, payload={"bank_account": account.public_id},
                        dedupe_key=f"sellers.bank_changed:{account.public_id}")
    return account


def bank_account_review(*, account: BankAccount, actor: object, approve: bool, note: str = "") -> BankAccount:
    """An operator who is not a member of the shop accepts (verified) or refuses (rejected) a pending or
    doubtful payout account."""
    require_independent_operator(actor, account.organisation)
    with transaction.atomic():
        locked = bank_accounts_for_update().select_related("organisation").get(pk=account.pk)
        if locked.status not in (BankAccountStatus.PENDING, BankAccountStatus.NEEDS_REVIEW):
            raise Conflict(_("This account has already been reviewed."), code="bank_account_reviewed")
        before = locked.status
        locked.status = BankAccountStatus.VERIFIED if approve else BankAccountStatus.REJECTED
        locked.reviewed_by = actor
        locked.status_changed_at = timezone.now()
        locked.save(update_fields=["status", "reviewed_by", "status_changed_at"])
        audit_append(
            actor=actor_label(actor), action="seller.bank_account.reviewed", subject_type="seller_organisation",
            subject_id=locked.organisation.public_id, jurisdiction=locked.organisation.jurisdiction,
            before={"bank_account": locked.public_id, "status": before},
            after={"bank_account": locked.public_id, "status": locked.status, "note": note.strip()[:500]},
        )
    return locked
