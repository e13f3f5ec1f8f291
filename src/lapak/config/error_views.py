"""Django's last-resort error views: JSON in the one error shape under /api/, the designed pages elsewhere."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from lapak.core.errors import NotFound, PermissionDenied, error_body

API_PREFIX = "/api/"


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(NotFound(_("There is no such API endpoint.")).as_body(), status=404)
    return defaults.page_not_found(request, exception)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(PermissionDenied().as_body(), status=403)
    return defaults.permission_denied(request, exception)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body("bad_request", _("The request could not be processed.")), status=400)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        body = error_body("server_error", _("Something went wrong on our side. Please try again."))
        return JsonResponse(body, status=500)
    return HttpResponse(loader.get_template("500.html").render(), status=500)
