"""The desk's front page: what is waiting, and what is late."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lapak.market.sellers.models import ApplicationStatus
from lapak.market.sellers.selectors import application_queue, bank_accounts_for_review, data_requests_open
from lapak.market.sellers.views_desk.common import operator_page
from lapak.market.sellers.views_desk.queue import SLA_BREACH, SLA_STATUSES


@operator_page
@require_safe
def desk_home(request: HttpRequest) -> HttpResponse:
    actor = request.user
    now = timezone.now()
    waiting = [
        {"status": status, "label": status.label, "count": application_queue(actor=actor, status=status).count()}
        for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.MORE_INFO_NEEDED)
    ]
    breached = application_queue(actor=actor).filter(status__in=SLA_STATUSES,
                                                     submitted_at__lt=now - SLA_BREACH).count()
    requests = data_requests_open(actor=actor)
    context = {
        "waiting": waiting,
        "cases_total": sum(row["count"] for row in waiting),
        "cases_breached": breached,
        "requests_open": requests.count(),
        "requests_overdue": requests.filter(overdue=True).count(),
        "accounts_to_review": bank_accounts_for_review(actor=actor).count(),
        "sla_breach_hours": int(SLA_BREACH.total_seconds() // 3600),
    }
    return render(request, "operations/home.html", context)
