"""The operator's page for legal requests, /operations/oversight/legal-requests/: the requests recorded, whether
each is in force, and the form to record one. Operators only: regulators read figures, they never record."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lapak.compliance.access import console_page
from lapak.core.errors import LapakError
from lapak.oversight.pricing.forms import LegalRequestForm
from lapak.oversight.pricing.selectors import legal_request_is_in_force, legal_requests_recent
from lapak.oversight.pricing.services import legal_request_record


@console_page(write=True)
@require_http_methods(["GET", "POST"])
def legal_requests(request: HttpRequest) -> HttpResponse:
    form = LegalRequestForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            recorded = legal_request_record(actor=request.user, **form.cleaned_data)
        except LapakError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Legal request %(id)s recorded.") % {"id": recorded.public_id})
            return redirect("oversight_pricing_ops:legal_requests")
    rows = [{"request": item, "in_force": legal_request_is_in_force(item)} for item in legal_requests_recent()]
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "oversight_pricing/legal_requests.html", {"form": form, "rows": rows}, status=status)
