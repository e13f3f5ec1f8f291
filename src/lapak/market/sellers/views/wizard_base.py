"""What every wizard step shares: the page around the form (with progress), and where a save leads."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lapak.market.sellers.models import SellerApplication
from lapak.market.sellers.rules import REQUIRED_CONSENT_PURPOSES
from lapak.market.sellers.selectors import application_missing_items, consent_status
from lapak.market.sellers.views.wizard_steps import ALL_STEPS, missing_list, next_step, progress


def render_step(request: HttpRequest, application: SellerApplication, slug: str, context: dict,
                status: int = 200) -> HttpResponse:
    missing = application_missing_items(application=application)
    steps = progress(application, missing, slug)
    context = {"application": application, "organisation": application.organisation, "step": ALL_STEPS[slug],
               "steps": steps, "done_count": sum(s.state == "done" for s in steps),
               "missing_items": missing_list(application, missing), **context}
    return render(request, f"sellers/wizard/{slug}.html", context, status=status)


def step_saved(request: HttpRequest, application: SellerApplication, slug: str) -> HttpResponse:
    """After a save: back to the seller centre ("finish later"), or on to the next step."""
    if "finish_later" in request.POST:
        messages.success(request, _("Your draft is saved. Come back any time to finish it."))
        return redirect("sellers:centre")
    return redirect("sellers:wizard", application.public_id, next_step(application, slug))


def not_editable(request: HttpRequest, application: SellerApplication) -> HttpResponse:
    messages.info(request, _("This application has been sent and can no longer be changed."))
    return redirect("sellers:application", application.public_id)


def consent_missing(application: SellerApplication) -> bool:
    live = consent_status(user=application.applicant) if application.applicant else {}
    return not all(live.get(purpose) for purpose in REQUIRED_CONSENT_PURPOSES)
