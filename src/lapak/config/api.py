"""The REST API (`/api/v1/`): one NinjaAPI, one error shape, bearer-token authentication."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from lapak.accounts.selectors import user_for_bearer_token
from lapak.core.errors import (
    LapakError,
    MalformedRequest,
    NotAuthenticated,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    ValidationFailed,
    error_body,
)

logger = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    openapi_description = "A token from `POST /api/v1/auth/token`, sent as `Authorization: Bearer lpk_…`."

    def authenticate(self, request: HttpRequest, token: str) -> object:
        return user_for_bearer_token(token)


api = NinjaAPI(
    title="Lapak API",
    version="1",
    description=(
        "The marketplace's REST API. Errors always have the shape "
        '`{"error": {"code": "...", "message": "...", "fields": {...}}}`; messages follow '
        "`Accept-Language` (`id` by default, `en`). Unsafe calls accept an `Idempotency-Key` header."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=BearerToken(),
)


def _respond(request: HttpRequest, error: LapakError) -> HttpResponse:
    return api.create_response(request, error.as_body(), status=error.status)


def _field_path(loc: tuple | list) -> str:
    # ninja prefixes locations with the parameter source ("body", "query", "path") and the argument name.
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
        if len(parts) > 1:
            parts = parts[1:]
    return ".".join(parts) or "__all__"


_PYDANTIC_MESSAGES = {
    "missing": _("This field is required."),
    "extra_forbidden": _("This field is not allowed."),
    "string_type": _("Enter text."),
    "int_type": _("Enter a whole number."),
    "int_parsing": _("Enter a whole number."),
    "bool_type": _("Enter true or false."),
    "bool_parsing": _("Enter true or false."),
    "string_too_long": _("The text is too long."),
    "string_too_short": _("The text is too short."),
    "value_error": _("The value is not valid."),
    "json_invalid": _("The request body is not valid JSON."),
    "model_attributes_type": _("The request body must be a JSON object."),
    "dict_type": _("The request body must be a JSON object."),
}


@api.exception_handler(NinjaValidationError)
def _on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for item in exc.errors:
        kind = item.get("type", "value_error")
        if kind in {"json_invalid", "model_attributes_type", "dict_type"} and len(item.get("loc", ())) <= 2:
            return _respond(request, MalformedRequest(_PYDANTIC_MESSAGES[kind]))
        message = _PYDANTIC_MESSAGES.get(kind, _("The value is not valid."))
        fields.setdefault(_field_path(item.get("loc", ())), []).append(str(message))
    return _respond(request, ValidationFailed(fields=fields))


@api.exception_handler(LapakError)
def _on_lapak_error(request: HttpRequest, exc: LapakError) -> HttpResponse:
    return _respond(request, exc)


@api.exception_handler(AuthenticationError)
def _on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _respond(request, NotAuthenticated())


@api.exception_handler(HttpError)
def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        # ninja raises a bare 400 only when the body cannot be parsed.
        return _respond(request, MalformedRequest())
    body = error_body(f"http_{exc.status_code}", str(exc.message))
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(Http404)
def _on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _respond(request, NotFound())


@api.exception_handler(DjangoPermissionDenied)
def _on_403(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
    return _respond(request, PermissionDenied())


@api.exception_handler(RequestDataTooBig)
def _on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _respond(request, PayloadTooLarge())


@api.exception_handler(Exception)
def _on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled API error on %s %s", request.method, request.path)
    body = error_body("server_error", _("Something went wrong on our side. Please try again."))
    return api.create_response(request, body, status=500)


api.add_router("/auth/", "lapak.accounts.api.router")
api.add_router("/regions/", "lapak.regions.api.router")
api.add_router("/sellers/", "lapak.market.sellers.api.router")
api.add_router("/operator/", "lapak.market.sellers.desk_api.router")
api.add_router("/identity/", "lapak.market.sellers.identity_api.router")
api.add_router("/catalog/", "lapak.market.catalog.api.router")
api.add_router("/cart/", "lapak.market.checkout.api.router")
api.add_router("/shipping/", "lapak.market.shipping.api.router")
api.add_router("/promotions/", "lapak.market.promotions.api.router")
api.add_router("/orders/", "lapak.market.orders.api.router")
api.add_router("/payments/", "lapak.market.payments.api.router")
api.add_router("/payments/", "lapak.market.payments.api_cod.router")
api.add_router("/payouts/", "lapak.market.payments.api_payouts.router")
api.add_router("/compliance/", "lapak.compliance.api_jurisdictions.router")
api.add_router("/compliance/", "lapak.compliance.api_rules.router")
api.add_router("/compliance/", "lapak.compliance.api_decisions.router")
api.add_router("/compliance/", "lapak.compliance.api_reference.router")
api.add_router("/compliance/", "lapak.compliance.api_switches.router")
api.add_router("/compliance/", "lapak.market.sellers.api_compliance.router")
api.add_router("/social/", "lapak.social.api_posts.router")
api.add_router("/social/", "lapak.social.api_creators.router")
api.add_router("/social/", "lapak.social.api_feed.router")
api.add_router("/social/", "lapak.social.api_live.router")
api.add_router("/affiliates/", "lapak.market.affiliates.api.router")
api.add_router("/affiliates/", "lapak.market.affiliates.api_creator.router")
api.add_router("/oversight/", "lapak.oversight.api_figures.router")
api.add_router("/oversight/", "lapak.oversight.api_evidence.router")
api.add_router("/oversight/", "lapak.oversight.api_reports.router")
