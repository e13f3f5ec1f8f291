"""Identity photos and documents of a case: opened for a stated reason, then served one by one from the vault.

The reason is asked once per case and recorded; it opens the case's files in this browser session for
DOCUMENT_ACCESS. Each file served is decrypted in memory, logged by the vault and sent with `no-store`;
nothing is written to disk and nothing decrypted is kept.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from lapak.market.sellers.models import SellerApplication
from lapak.market.sellers.services import operator_reads as records
from lapak.market.sellers.views_desk.common import case_or_404, operator_page

DOCUMENT_ACCESS = timedelta(minutes=15)


def _session_key(application: SellerApplication) -> str:
    return f"operations.documents.{application.public_id}"


def documents_granted_until(request: HttpRequest, application: SellerApplication) -> datetime | None:
    """When this session's reasoned access to the case's files ends; None when there is none (or it ended)."""
    opened = request.session.get(_session_key(application))
    if not opened:
        return None
    until = datetime.fromisoformat(opened) + DOCUMENT_ACCESS
    return until if until > timezone.now() else None


def documents_grant(request: HttpRequest, application: SellerApplication) -> None:
    """Open the case's files in this session (after the reason has been recorded)."""
    request.session[_session_key(application)] = timezone.now().isoformat()


@operator_page
@require_safe
def document_file(request: HttpRequest, public_id: str, document_id: str) -> HttpResponse:
    application = case_or_404(request, public_id)
    document = application.documents.filter(public_id=document_id, erased_at__isnull=True).first()
    if document is None or not document.content_encrypted:
        raise Http404
    if documents_granted_until(request, application) is None:
        raise DjangoPermissionDenied
    content = records.document_content(document=document, application=application, actor=request.user)
    response = HttpResponse(content, content_type=document.content_type)
    extension = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}.get(document.content_type, "bin")
    response["Content-Disposition"] = f'inline; filename="{document.kind}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    if document.content_type.startswith("image/"):
        # Opened on its own, an image is a document: let it run nothing. (Not for PDFs: browsers' viewers refuse
        # to render in a sandbox.)
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Referrer-Policy"] = "no-referrer"
    return response
