"""`/operations/social/`: the moderation queue. Open reports, oldest first, grouped by post, with a takedown form
(reason and note required) and a dismiss button. Operators only (the compliance console's rule: visitors go to the
login page, anyone else gets 403)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lapak.compliance.access import console_page
from lapak.core.errors import Conflict, ValidationFailed
from lapak.social.forms_posts import DismissForm, TakedownForm
from lapak.social.selectors import posts as selectors
from lapak.social.services import moderation
from lapak.social.views_posts import service_errors


def _queue(request: HttpRequest, forms: dict | None = None, status: int = 200) -> HttpResponse:
    groups: dict[str, dict] = {}
    for report in selectors.open_reports()[:500]:
        group = groups.setdefault(report.post.public_id, {"post": report.post, "reports": []})
        group["reports"].append(report)
    for key, group in groups.items():
        group["form"] = (forms or {}).get(key) or TakedownForm(prefix=key)
    return render(request, "social/operations/queue.html", {"groups": list(groups.values()),
                                                            "dismiss_form": DismissForm()}, status=status)


@require_GET
@console_page(write=True)
def queue(request: HttpRequest) -> HttpResponse:
    return _queue(request)


@require_POST
@console_page(write=True)
@service_errors
def takedown(request: HttpRequest, post_id: str) -> HttpResponse:
    post = selectors.post_any(post_id)
    form = TakedownForm(request.POST, prefix=post.public_id)
    if form.is_valid():
        try:
            moderation.post_takedown(actor=request.user, post=post, reason=form.cleaned_data["reason"],
                                     note=form.cleaned_data["note"])
        except ValidationFailed as error:
            form.add_service_error(error)
        except Conflict as error:
            messages.error(request, str(error.message))
            return redirect("social_operations:queue")
        else:
            messages.success(request, _("The post is taken down and its reports are closed."))
            return redirect("social_operations:queue")
    return _queue(request, {post.public_id: form}, status=422)


@require_POST
@console_page(write=True)
@service_errors
def dismiss(request: HttpRequest, report_id: str) -> HttpResponse:
    report = selectors.report_any(report_id)
    form = DismissForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        moderation.report_dismiss(actor=request.user, report=report, note=note)
    except Conflict as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The report is dismissed."))
    return redirect("social_operations:queue")
