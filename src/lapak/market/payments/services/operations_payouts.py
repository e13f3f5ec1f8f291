"""What an operator may do to a payout beyond the daily batch (issue 6, operator pages): send a failed payout
again now, instead of at its back-off time. A held payout has no such action: it moved no money, and the next
daily batch looks again once its cause is gone (payouts.py)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict
from lapak.market.payments.models_payouts import Payout, PayoutStatus
from lapak.market.payments.services.payouts_disburse import payout_disburse
from lapak.market.sellers.permissions import actor_label, require_independent_operator


def payout_retry_now(*, payout: Payout, actor: object, now: datetime | None = None) -> Payout:
    """Sends a failed payout again at once.

    Guarantees: only an operator who does not belong to the shop (PermissionDenied); only a payout that is
    failed now (Conflict otherwise: held, queued, sending, paid and returned payouts are left as they are); the
    retry is made due by a conditional UPDATE with an audit event of who asked, then `payout_disburse` sends it
    under its own guarantees (claimed once, the gateway asked under the payout's id: paid at most once even if
    the batch runs at the same moment). No row lock is held while the gateway is called."""
    require_independent_operator(actor, payout.seller)
    now = now or timezone.now()
    with transaction.atomic():
        made_due = Payout.objects.filter(pk=payout.pk, status=PayoutStatus.FAILED).update(next_attempt_at=now)
        if not made_due:
            raise Conflict(_("Only a failed payout can be sent again."), code="payout_not_failed")
        audit_append(actor=actor_label(actor), action="payout.retry_requested", subject_type="seller_organisation",
                     subject_id=payout.seller.public_id, jurisdiction=payout.seller.jurisdiction,
                     after={"payout": payout.public_id})
    return payout_disburse(payout=payout, now=now)
