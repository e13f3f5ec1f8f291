"""What a locked-out login attempt sees (django-axes calls this): JSON for the API, a page otherwise."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lapak.core.errors import RateLimited


def lockout_response(request: HttpRequest, response: HttpResponse | None, credentials: dict | None) -> HttpResponse:
    if request.path.startswith("/api/"):
        error = RateLimited(_("Too many failed attempts. Try again in a few minutes."), code="login_locked")
        return JsonResponse(error.as_body(), status=error.status)
    return render(request, "accounts/locked_out.html", status=429)
