"""The documents step: identity photos, the selfie, business and foreign-merchant documents.

Each file goes to `document_upload`, which decodes it, refuses what is not a picture (or a PDF where one is
allowed), strips metadata and stores it encrypted. A file too large is refused here before it is read.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from lapak.core.errors import Conflict, ValidationFailed
from lapak.market.sellers.forms.apply import DocumentsForm
from lapak.market.sellers.models import SellerApplication
from lapak.market.sellers.rules import upload_max_bytes
from lapak.market.sellers.services import document_upload
from lapak.market.sellers.views.wizard_base import not_editable, render_step, step_saved
from lapak.market.sellers.views.wizard_steps import document_kinds


def documents_step(request: HttpRequest, application: SellerApplication) -> HttpResponse:
    kinds = document_kinds(application)
    if request.method != "POST":
        return _page(request, application, DocumentsForm(kinds=kinds))
    form = DocumentsForm(request.POST, request.FILES, kinds=kinds)
    if form.is_valid():
        limit = upload_max_bytes()
        for kind in kinds:
            upload = form.cleaned_data.get(kind)
            if not upload:
                continue
            if upload.size > limit:
                form.add_error(kind, _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)})
                continue
            try:
                document_upload(application=application, actor=request.user, kind=kind, data=upload.read())
            except ValidationFailed as exc:
                form.add_service_errors(exc.fields or {kind: [exc.message]})
            except Conflict:
                return not_editable(request, application)
        if not form.errors:
            return step_saved(request, application, "documents")
    return _page(request, application, form, status=422)


def _page(request: HttpRequest, application: SellerApplication, form: DocumentsForm, status: int = 200) -> (
        HttpResponse):
    # Metadata only: the stored pictures are encrypted identity data and are not shown back.
    held = {d.kind: d for d in application.documents.filter(erased_at__isnull=True)}
    rows = [(form[kind], held.get(kind)) for kind in form.fields]
    return render_step(request, application, "documents", {"form": form, "rows": rows,
                                                           "limit": upload_max_bytes()}, status=status)
