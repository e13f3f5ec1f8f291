"""The KYC queue: applications with their age against the review SLA, filtered and counted per status."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from lapak.market.sellers.forms_desk import FLAG_CHOICES, QueueFilterForm
from lapak.market.sellers.models import ApplicationStatus, SellerApplication, SellerOrganisation
from lapak.market.sellers.selectors import application_queue
from lapak.market.sellers.views_desk.common import operator_page, reason_text

# Review service levels: a submitted case should be taken within a day and decided within three.
SLA_WARN = timedelta(hours=24)
SLA_BREACH = timedelta(hours=72)
# The clock runs only while operators hold the case; with "more information needed" it is the applicant's turn.
SLA_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW)
PAGE_SIZE = 50
FLAG_SHORT = dict(FLAG_CHOICES)
TYPE_SHORT = {
    "individual": gettext_lazy("Individual (UMKM)"),
    "business": gettext_lazy("Business"),
    "foreign": gettext_lazy("Foreign merchant"),
    "first_party": gettext_lazy("First-party"),
    "mlm": gettext_lazy("MLM"),
}


def sla_level(application: SellerApplication, now: object) -> str:
    """"breach", "warn", "ok", or "" when the SLA clock does not run for this case."""
    if application.status not in SLA_STATUSES or application.submitted_at is None:
        return ""
    age = now - application.submitted_at
    return "breach" if age >= SLA_BREACH else "warn" if age >= SLA_WARN else "ok"


def _filtered(actor: object, filters: dict[str, str], status: str | None) -> QuerySet[SellerApplication]:
    queue = application_queue(actor=actor, status=status or None, jurisdiction=filters.get("jurisdiction"))
    if filters.get("seller_type"):
        queue = queue.filter(organisation__seller_type=filters["seller_type"])
    if filters.get("flag"):
        # Filtered here rather than by the selector's `flag`: its `.only()` clashes with its own select_related
        # (FieldError). Flags are few per case, and JSON containment is not portable to SQLite.
        flag = filters["flag"]
        ids = [pk for pk, flags in queue.values_list("pk", "review_flags")
               if any(item.get("code") == flag for item in flags or [])]
        queue = queue.filter(pk__in=ids)
    return queue


@operator_page
@require_safe
def kyc_queue(request: HttpRequest) -> HttpResponse:
    actor = request.user
    jurisdictions = SellerOrganisation.objects.order_by().values_list("jurisdiction", flat=True).distinct()
    form = QueueFilterForm(request.GET or None, jurisdictions=set(jurisdictions))
    filters = form.filters() if request.GET else {}
    queue = _filtered(actor, filters, filters.get("status"))
    if filters.get("sort") == "newest":
        queue = queue.order_by(F("submitted_at").desc(nulls_last=True), "-pk")
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {"application": a, "sla": sla_level(a, now), "type": TYPE_SHORT.get(a.organisation.seller_type, ""),
         "flags": [{"short": FLAG_SHORT.get(f.get("code"), reason_text(f)), "text": reason_text(f)}
                   for f in a.review_flags]}
        for a in page.object_list
    ]
    others = {name: value for name, value in filters.items() if name != "status"}
    counts = [
        {"status": status, "label": label, "count": _filtered(actor, others, status).count(),
         "query": urlencode({**others, "status": status}), "current": filters.get("status") == status}
        for status, label in ApplicationStatus.choices
    ]
    context = {
        "form": form, "page": page, "rows": rows, "counts": counts,
        "filtered": bool(filters), "page_query": urlencode(filters),
        "sla_warn_hours": int(SLA_WARN.total_seconds() // 3600),
        "sla_breach_hours": int(SLA_BREACH.total_seconds() // 3600),
    }
    return render(request, "operations/kyc_queue.html", context)
