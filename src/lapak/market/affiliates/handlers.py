"""Outbox subscribers of the affiliates package (registered by wiring.affiliates_wire, from AffiliatesConfig.ready).

The payout account e-mail is claimed with a conditional UPDATE before it is sent (and the claim given back if
sending fails), so a redelivered event does not send it twice. The invitation e-mail has one handler on its
topic and the topic is emitted once per invitation (dedupe key), so a redelivery happens only after the send
failed; an invitation answered or withdrawn before delivery is not mailed at all.
"""

from __future__ import annotations

from django.utils import timezone

from lapak.core.outbox.registry import outbox_subscribe
from lapak.market.affiliates.models import AffiliateInvite
from lapak.market.affiliates.models_payouts import CreatorPayoutAccount
from lapak.market.affiliates.notifications import invite_email, payout_account_email
from lapak.market.affiliates.services_invites import INVITE_TOPIC
from lapak.market.affiliates.services_payouts import ACCOUNT_CHANGED_TOPIC


@outbox_subscribe(INVITE_TOPIC)
def invite_notify(event: object) -> None:
    payload = event.payload if isinstance(event.payload, dict) else {}
    invite = (AffiliateInvite.objects.select_related("seller", "product")
              .filter(public_id=payload.get("invite")).first())
    message = invite_email(invite) if invite is not None else None
    if message is not None:
        message.send()


@outbox_subscribe(ACCOUNT_CHANGED_TOPIC)
def payout_account_change_notify(event: object) -> None:
    payload = event.payload if isinstance(event.payload, dict) else {}
    account = CreatorPayoutAccount.objects.filter(public_id=payload.get("account")).first()
    if account is None:
        return
    claimed = CreatorPayoutAccount.objects.filter(pk=account.pk, change_notified_at__isnull=True).update(
        change_notified_at=timezone.now())
    message = payout_account_email(account) if claimed else None
    if message is None:
        return
    try:
        message.send()
    except Exception:
        CreatorPayoutAccount.objects.filter(pk=account.pk).update(change_notified_at=None)
        raise
