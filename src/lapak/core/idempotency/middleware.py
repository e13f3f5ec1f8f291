"""`Idempotency-Key` for unsafe API calls (POST, PUT, PATCH, DELETE under /api/), Stripe-style.

| situation                                        | answer                                                    |
|--------------------------------------------------|-----------------------------------------------------------|
| no header, safe method, or not under /api/       | untouched                                                 |
| path in IDEMPOTENCY_EXEMPT_PATHS (token issue)  | untouched (responses that carry secrets are never stored) |
| upload path (API_UPLOAD_PATHS)                   | untouched (megabytes of file, not a replayable request)   |
| header not 1–255 printable ASCII characters      | 400 `idempotency_key_invalid`                             |
| Authorization header that is not a valid bearer  | untouched: the view answers 401, nothing stored           |
| first use of the key                             | view runs; a 2xx/3xx/4xx response is stored               |
| first use ends in 5xx or an exception            | claim removed: a retry runs the view again                |
| response marked `Cache-Control: no-store`        | not stored (it carries personal data): a retry runs again |
| same key, same request, first call finished      | stored response, with `Idempotent-Replayed: true`         |
| same key, same request, first call still running | 409 `idempotency_in_progress`                             |
| same key, different method/path/body             | 422 `idempotency_key_reused`                              |

Keys are scoped to the caller (see callers.py) and expire after IDEMPOTENCY_TTL (24 h).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from lapak.core.errors import LapakError, PayloadTooLarge
from lapak.core.idempotency.callers import caller_scope, key_is_valid, request_fingerprint
from lapak.core.idempotency.errors import IdempotencyInProgress, IdempotencyKeyInvalid, IdempotencyKeyReused
from lapak.core.idempotency.models import IdempotencyKey
from lapak.core.idempotency.services import (
    Outcome,
    idempotency_claim,
    idempotency_complete,
    idempotency_release,
)

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REPLAY_HEADER = "Idempotent-Replayed"
# Token issue answers with the token's secret, which must not sit in this table in clear.
DEFAULT_EXEMPT_PATHS = ("/api/v1/auth/token",)


def _error(error: LapakError) -> JsonResponse:
    return JsonResponse(error.as_body(), status=error.status)


def _replay(record: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(record.response_body), status=record.response_status)
    if "Content-Type" not in record.response_headers:
        del response["Content-Type"]
    for name, value in record.response_headers.items():
        response[name] = value
    response[REPLAY_HEADER] = "true"
    return response


def _not_storable(response: HttpResponse) -> bool:
    return "no-store" in response.get("Cache-Control", "").lower()


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.exempt_paths = tuple(getattr(settings, "IDEMPOTENCY_EXEMPT_PATHS", DEFAULT_EXEMPT_PATHS))

    def _exempt(self, path: str) -> bool:
        # An entry ending in "/" exempts everything under it; any other entry exactly that path. Uploads are
        # exempt too: their bodies are files of megabytes, not requests worth fingerprinting and replaying.
        return any(path.startswith(p) if p.endswith("/") else path == p for p in self.exempt_paths) or any(
            re.fullmatch(pattern, path) for pattern in getattr(settings, "API_UPLOAD_PATHS", ())
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get("Idempotency-Key")
        if (
            key is None
            or request.method not in UNSAFE_METHODS
            or not request.path.startswith(API_PREFIX)
            or self._exempt(request.path)
        ):
            return self.get_response(request)
        if not key_is_valid(key):
            return _error(IdempotencyKeyInvalid())
        scope = caller_scope(request)
        if scope is None:
            return self.get_response(request)
        try:
            body = request.body
        except RequestDataTooBig:
            return _error(PayloadTooLarge())
        full_path = request.get_full_path()
        claim = idempotency_claim(
            scope=scope,
            key=key,
            fingerprint=request_fingerprint(method=request.method, full_path=full_path, body=body),
            method=request.method,
            path=full_path,
        )
        if claim.outcome is Outcome.REPLAY:
            return _replay(claim.record)
        if claim.outcome is Outcome.MISMATCH:
            return _error(IdempotencyKeyReused())
        if claim.outcome is Outcome.IN_PROGRESS:
            return _error(IdempotencyInProgress())
        return self._run(request, claim.record)

    def _run(self, request: HttpRequest, record: IdempotencyKey) -> HttpResponse:
        try:
            response = self.get_response(request)
        except BaseException:
            idempotency_release(record=record)
            raise
        if response.status_code >= 500 or response.streaming or _not_storable(response):
            # Our failure is not the client's answer: let a retry run again. Streams cannot be stored, and a
            # response marked no-store (a revealed identity number, a data export) must not sit in this table.
            idempotency_release(record=record)
        elif not idempotency_complete(record=record, response=response):
            logger.warning("Idempotency claim %s was taken over before the response was stored", record.pk)
        return response
