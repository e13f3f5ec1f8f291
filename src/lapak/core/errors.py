"""One error hierarchy for the whole application, and the one JSON shape it is shown in.

Every error the API returns looks like::

    {"error": {"code": "validation_error", "message": "…", "fields": {"email": ["…"]}}}

`code` is stable and machine-readable; `message` is translated into the request's language; `fields`
maps a field path to its messages and is empty when the error concerns the request as a whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FieldErrors = Mapping[str, Sequence[str | Promise]]


class LapakError(Exception):
    """Base of every error the application raises on purpose."""

    status = 400
    code = "bad_request"
    default_message: str | Promise = _("The request could not be processed.")

    def __init__(
        self,
        message: str | Promise | None = None,
        *,
        code: str | None = None,
        fields: FieldErrors | None = None,
    ) -> None:
        self.message = message if message is not None else self.default_message
        if code is not None:
            self.code = code
        self.fields = dict(fields or {})
        super().__init__(str(self.message))

    def as_body(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.fields)


class ValidationFailed(LapakError):
    status = 422
    code = "validation_error"
    default_message = _("Some fields are not valid.")


class MalformedRequest(LapakError):
    status = 400
    code = "malformed_request"
    default_message = _("The request body is not valid JSON.")


class NotAuthenticated(LapakError):
    status = 401
    code = "not_authenticated"
    default_message = _("Authentication credentials were not provided or are not valid.")


class PermissionDenied(LapakError):
    status = 403
    code = "forbidden"
    default_message = _("You do not have permission to do this.")


class NotFound(LapakError):
    status = 404
    code = "not_found"
    default_message = _("Not found.")


class Conflict(LapakError):
    status = 409
    code = "conflict"
    default_message = _("The request conflicts with the current state.")


class PayloadTooLarge(LapakError):
    status = 413
    code = "payload_too_large"
    default_message = _("The request body is too large.")


class RateLimited(LapakError):
    status = 429
    code = "rate_limited"
    default_message = _("Too many attempts. Try again later.")


def error_body(code: str, message: str | Promise, fields: FieldErrors | None = None) -> dict[str, Any]:
    """The single JSON error shape, with lazy translations resolved in the active language."""
    return {
        "error": {
            "code": code,
            "message": str(message),
            "fields": {name: [str(m) for m in messages] for name, messages in (fields or {}).items()},
        }
    }
