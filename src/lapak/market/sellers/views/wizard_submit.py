"""The last step: everything on one page, what is still missing, and the submit button.

Submission runs the automatic checks. What they find is shown on the application's page: review flags, or
the reasons of an automatic refusal, in the reader's language.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.errors import DuplicateIdentity
from lapak.market.sellers.models import ApplicationStatus, SellerApplication
from lapak.market.sellers.selectors import bank_account_current
from lapak.market.sellers.services import application_submit
from lapak.market.sellers.views.summary import application_summary
from lapak.market.sellers.views.wizard_base import not_editable, render_step
from lapak.market.sellers.views.wizard_steps import missing_list


def review_step(request: HttpRequest, application: SellerApplication) -> HttpResponse:
    if request.method != "POST":
        return _page(request, application)
    try:
        submitted = application_submit(application=application, actor=request.user)
    except DuplicateIdentity as exc:
        return _page(request, application, refused=missing_list(application, dict(exc.fields)),
                     error=str(exc.message), status=409)
    except ValidationFailed as exc:
        return _page(request, application, refused=missing_list(application, dict(exc.fields)),
                     error=str(exc.message), status=422)
    except Conflict:
        return not_editable(request, application)
    if submitted.status == ApplicationStatus.REJECTED:
        messages.error(request, _("The automatic checks refused this application. The reasons are listed below."))
    else:
        messages.success(request, _("Your application has been sent. We will check it and e-mail you the result."))
    return redirect("sellers:application", submitted.public_id)


def _page(request: HttpRequest, application: SellerApplication, *, refused: list | None = None, error: str = "",
          status: int = 200) -> HttpResponse:
    bank = bank_account_current(organisation=application.organisation, user=request.user)
    context = {"sections": application_summary(application, bank=bank), "refused": refused or [], "error": error}
    return render_step(request, application, "review", context, status=status)
