"""Outbox subscribers of the sellers package (imported by SellersConfig.ready).

Handlers run after commit and at least once; each claims its notification with a conditional UPDATE first,
so a redelivered event does not send the e-mail twice, and gives the claim back if sending fails so the
retry sends it.
"""

from __future__ import annotations

from django.utils import timezone

from lapak.core.outbox.registry import outbox_subscribe
from lapak.market.sellers.models import ApplicationTransition, BankAccount
from lapak.market.sellers.notifications import bank_change_emails, transition_email
from lapak.market.sellers.services.bank_accounts import BANK_CHANGED_TOPIC
from lapak.market.sellers.services.workflow import TRANSITION_TOPIC


@outbox_subscribe(TRANSITION_TOPIC)
def application_transition_notify(event: object) -> None:
    transition = (
        ApplicationTransition.objects.select_related("application__applicant", "application__organisation")
        .filter(pk=event.payload.get("transition"))
        .first()
    )
    if transition is None or transition.notified_at is not None:
        return
    later = ApplicationTransition.objects.filter(application_id=transition.application_id, pk__gt=transition.pk)
    if transition.to_status == "submitted" and later.filter(actor_kind="system").exists():
        # Rejected automatically in the same breath: the rejection e-mail says all there is to say.
        ApplicationTransition.objects.filter(pk=transition.pk).update(notified_at=timezone.now())
        return
    message = transition_email(transition)
    claimed = ApplicationTransition.objects.filter(pk=transition.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed or message is None:
        return
    try:
        message.send()
    except Exception:
        ApplicationTransition.objects.filter(pk=transition.pk).update(notified_at=None)
        raise


@outbox_subscribe(BANK_CHANGED_TOPIC)
def bank_account_change_notify(event: object) -> None:
    account = BankAccount.objects.select_related("organisation").filter(
        public_id=event.payload.get("bank_account")
    ).first()
    if account is None:
        return
    claimed = BankAccount.objects.filter(pk=account.pk, change_notified_at__isnull=True).update(
        change_notified_at=timezone.now()
    )
    if not claimed:
        return
    try:
        for message in bank_change_emails(account):
            message.send()
    except Exception:
        BankAccount.objects.filter(pk=account.pk).update(change_notified_at=None)
        raise
