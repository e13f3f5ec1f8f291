"""Plumbing shared by the seller centre pages: errors as pages, request size, small rendering helpers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from lapak.core.errors import NotFound, PermissionDenied
from lapak.core.uploads import body_limit
from lapak.market.sellers.models import MemberRole
from lapak.market.sellers.permissions import is_regulator
from lapak.market.sellers.rules import upload_max_bytes

View = Callable[..., HttpResponse]


def seller_page(view: View) -> View:
    """A signed-in page: another seller's things are 404 (never confirmed to exist), a role too low is 403."""

    @login_required
    @never_cache  # pages show personal data: never kept in a shared computer's browser cache
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if is_regulator(request.user):
            return forbidden(request, _("Regulator accounts are read-only."))
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.message)) from exc
        except PermissionDenied as exc:
            return forbidden(request, str(exc.message))

    return wrapped


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "sellers/forbidden.html", {"message": message}, status=403)


def upload_limit(files: int) -> Callable[[View], View]:
    """Refuse a request body bigger than `files` uploads at the size limit (plus form fields), before reading it.

    Each file is checked again on its own; this bound keeps a huge body from being spooled to disk at all. The
    check, and the CSRF check made after it, are lapak.core.uploads.body_limit's.
    """

    def too_large(request: HttpRequest, limit: int) -> HttpResponse:
        message = _("The files you sent are larger than %(limit)s together. Send smaller files.") % {
            "limit": filesizeformat(limit)}
        return render(request, "sellers/too_large.html", {"message": message}, status=413)

    return body_limit(lambda: files * upload_max_bytes() + 256 * 1024, too_large)


def localised(message_id: str, message_en: str) -> str:
    """A reason stored in both languages, in the page's language."""
    return message_id if (translation.get_language() or "id").startswith("id") else message_en


def role_label(role: str | None) -> str:
    return str(MemberRole(role).label) if role in MemberRole.values else ""
