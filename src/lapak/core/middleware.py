"""Request guards that apply before any view runs."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _

from lapak.core.errors import MalformedRequest, PayloadTooLarge

API_PREFIX = "/api/"


def _body_limit(request: HttpRequest) -> int:
    """Uploads (multipart, on the paths that take files) may be larger than ordinary JSON bodies; videos more so."""
    if request.content_type != "multipart/form-data":
        return settings.API_MAX_BODY_BYTES
    if any(re.fullmatch(pattern, request.path) for pattern in settings.API_VIDEO_UPLOAD_PATHS):
        return settings.SOCIAL_VIDEO_MAX_BYTES + 1024 * 1024  # the video and its form fields
    if any(re.fullmatch(pattern, request.path) for pattern in settings.API_UPLOAD_PATHS):
        return settings.API_MAX_UPLOAD_BYTES
    return settings.API_MAX_BODY_BYTES


class RequestGuardMiddleware:
    """Refuses NUL in the address (400), and API bodies over API_MAX_BODY_BYTES (413) before reading them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            # NUL cannot be stored or looked up in PostgreSQL text; no URL of ours ever contains it.
            error = MalformedRequest(_("The address contains a NUL character."))
            return JsonResponse(error.as_body(), status=error.status)
        if request.path.startswith(API_PREFIX):
            raw_length = request.META.get("CONTENT_LENGTH") or "0"
            try:
                length = int(raw_length)
            except ValueError:
                return JsonResponse(MalformedRequest("Content-Length is not a number.").as_body(), status=400)
            if length > _body_limit(request):
                error = PayloadTooLarge()
                return JsonResponse(error.as_body(), status=error.status)
        return self.get_response(request)
