"""What an operator may do to a refund beyond what the buyer and the periodic task do (issue 6, operator pages):
ask for a failed refund to be tried again now, instead of at its back-off time.

Paying a bank refund (`bank_refund_mark_paid`) and reading its account number (`bank_refund_number`) are in
refunds_bank.py; this module adds only what those do not offer.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, PermissionDenied
from lapak.market.orders.models import RefundRequest, RefundStatus
from lapak.market.payments.services.refunds import refund_execute
from lapak.market.sellers.permissions import actor_label, require_operator


def refund_retry_now(*, refund_request: RefundRequest, actor: object, now: datetime | None = None) -> RefundRequest:
    """Tries a failed refund again at once.

    Guarantees: only an operator (PermissionDenied), never the refund's own buyer (PermissionDenied: no one
    handles their own money); only a refund that is failed now (Conflict otherwise — a refund already claimed,
    paid or waiting for its bank account is left as it is); the retry is made due by a conditional UPDATE and an
    audit event records who asked, then `refund_execute` runs it with its own guarantees (claimed once, paid at
    most once: a periodic run at the same moment cannot pay it twice)."""
    require_operator(actor)
    if refund_request.order.buyer_id == getattr(actor, "pk", None):
        raise PermissionDenied(_("You cannot handle a refund of your own order."), code="operator_conflict")
    now = now or timezone.now()
    with transaction.atomic():
        made_due = RefundRequest.objects.filter(pk=refund_request.pk, status=RefundStatus.FAILED).update(
            next_attempt_at=now)
        if not made_due:
            raise Conflict(_("Only a failed refund can be tried again."), code="refund_not_failed")
        audit_append(actor=actor_label(actor), action="refund.retry_requested", subject_type="refund",
                     subject_id=refund_request.public_id, jurisdiction=refund_request.order.jurisdiction)
    return refund_execute(refund_request=refund_request, now=now)
