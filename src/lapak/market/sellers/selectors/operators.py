"""The operators' desk: the review queue, one case, data-subject requests by deadline, accounts to review.

Every function checks that the caller is an operator. Identity numbers appear masked only; the full value
is `services.reveal.identity_reveal`, with a reason.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import NotFound
from lapak.market.sellers.models import (
    BankAccount,
    BankAccountStatus,
    DataSubjectRequest,
    RequestStatus,
    SellerApplication,
)
from lapak.market.sellers.permissions import require_operator

QUEUE_STATUSES = ("submitted", "in_review", "more_info_needed")


def application_queue(
    *, actor: object, status: str | None = None, flag: str | None = None, jurisdiction: str | None = None
) -> QuerySet[SellerApplication]:
    """Applications waiting for operators (or of one status), oldest submission first."""
    require_operator(actor)
    queue = SellerApplication.objects.select_related("organisation", "reviewer")
    queue = queue.filter(status=status) if status else queue.filter(status__in=QUEUE_STATUSES)
    if jurisdiction:
        queue = queue.filter(organisation__jurisdiction=jurisdiction)
    if flag:
        # JSON containment is not portable to SQLite; flags are few, so filter on the codes in Python.
        ids = [a.pk for a in queue.select_related(None).only("pk", "review_flags")
               if any(f.get("code") == flag for f in a.review_flags)]
        queue = queue.filter(pk__in=ids)
    return queue.order_by("submitted_at", "pk")


def application_for_operator(*, actor: object, public_id: str) -> SellerApplication:
    require_operator(actor)
    application = (
        SellerApplication.objects.select_related("organisation", "applicant", "bank_account", "reviewer")
        .filter(public_id=public_id)
        .first()
    )
    if application is None:
        raise NotFound(_("There is no such application."), code="application_not_found")
    return application


def data_requests_open(*, actor: object) -> QuerySet[DataSubjectRequest]:
    """Open data-subject requests, the earliest deadline first, each annotated `overdue`."""
    require_operator(actor)
    now = timezone.now()
    return (
        DataSubjectRequest.objects.filter(status=RequestStatus.OPEN)
        .select_related("subject", "application")
        .annotate(overdue=Case(When(due_at__lt=now, then=Value(True)), default=Value(False),
                               output_field=BooleanField()))
        .order_by("due_at", "pk")
    )


def data_request_for_operator(*, actor: object, public_id: str) -> DataSubjectRequest:
    require_operator(actor)
    request = (
        DataSubjectRequest.objects.select_related("subject", "application").prefetch_related("events")
        .filter(public_id=public_id).first()
    )
    if request is None:
        raise NotFound(_("There is no such request."), code="data_request_not_found")
    return request


def bank_accounts_for_review(*, actor: object) -> QuerySet[BankAccount]:
    """Current payout accounts whose holder name did not match, or still pending, oldest first."""
    require_operator(actor)
    return (
        BankAccount.objects.filter(
            is_current=True, status__in=(BankAccountStatus.NEEDS_REVIEW, BankAccountStatus.PENDING)
        )
        .select_related("organisation")
        .order_by("created_at", "pk")
    )
