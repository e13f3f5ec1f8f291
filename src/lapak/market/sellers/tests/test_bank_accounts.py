"""Payout accounts: a change re-checks the holder, holds payouts 24 hours, and tells the owner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lapak.core.errors import ValidationFailed
from lapak.market.sellers.models import BankAccount, BankAccountStatus
from lapak.market.sellers.selectors import bank_accounts_for_review, payout_account, payouts_on_hold
from lapak.market.sellers.services import bank_account_review, bank_account_set, consent_withdraw


@pytest.mark.django_db(transaction=True)
def test_changing_the_account_holds_payouts_for_24_hours_and_re_verifies_it(build, people):
    application = build.verified()
    organisation = application.organisation
    assert payout_account(organisation) is not None
    assert not payouts_on_hold(organisation)
    mail.outbox.clear()

    new = bank_account_set(organisation=organisation, actor=people.owner, bank_code="BRI",
                           account_number="0021-0100-2233-504", holder_name="SITI RAHAYU")
    organisation.refresh_from_db()
    assert new.status == BankAccountStatus.NEEDS_REVIEW and new.holder_matched is False
    hold = organisation.payout_hold_until - timezone.now()
    assert timedelta(hours=23, minutes=59) < hold <= timedelta(hours=24)
    assert payouts_on_hold(organisation)
    old = BankAccount.objects.get(pk=application.bank_account_id)
    assert (old.is_current, old.replaced_at is not None, old.status) == (False, True, BankAccountStatus.VERIFIED)
    assert BankAccount.objects.filter(organisation=organisation).count() == 2  # the old one is kept

    # Still held after 24 hours while the new account's holder name is in doubt; released once reviewed.
    later = timezone.now() + timedelta(hours=25)
    assert payouts_on_hold(organisation, now=later)
    assert list(bank_accounts_for_review(actor=people.operator)) == [new]
    bank_account_review(account=new, actor=people.operator, approve=True, note="Spouse's account, KTP checked")
    assert payouts_on_hold(organisation)  # the 24 hours are not over
    assert not payouts_on_hold(organisation, now=later)

    # The owner was told, in their language, with the masked number only.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people.owner.email] and "••••" in message.body and "0021010022335" not in message.body


@pytest.mark.django_db
def test_a_matching_new_account_stays_pending_until_reviewed_or_verified(build, people):
    application = build.individual()
    account = BankAccount.objects.get(organisation=application.organisation, is_current=True)
    assert (account.status, account.holder_matched) == (BankAccountStatus.PENDING, True)
    assert account.number_masked == "••••••7890"
    organisation = application.organisation
    organisation.refresh_from_db()
    assert organisation.payout_hold_until is None  # a first account is not a change
    assert payouts_on_hold(organisation)  # not verified yet


@pytest.mark.django_db
def test_payouts_are_held_without_payout_consent(build, people):
    organisation = build.verified().organisation
    assert not payouts_on_hold(organisation)
    consent_withdraw(user=people.owner, purpose="payout_processing")
    assert payouts_on_hold(organisation)


@pytest.mark.django_db
def test_bad_account_details_are_refused(build, people):
    organisation = build.individual().organisation
    with pytest.raises(ValidationFailed) as caught:
        bank_account_set(organisation=organisation, actor=people.owner, bank_code="", account_number="12ab",
                         holder_name=" ")
    assert set(caught.value.fields) == {"bank_code", "account_number", "holder_name"}
