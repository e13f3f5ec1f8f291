"""Who may read the oversight portal, for which jurisdiction, and the record of every query.

Regulators read their own jurisdictions only, and only after a second factor (a TOTP code; a bearer token is
issued to a regulator only against one). Operators may read every jurisdiction (to see what regulators see).
Nobody writes here. Every query a reader makes, figures, exports and proofs alike, is appended to the audit
log (who, what, when, with which parameters) before it is answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from lapak.accounts.two_factor import token_issued_as_regulator, user_is_verified
from lapak.compliance.access import is_operator, is_regulator, readable_jurisdictions
from lapak.compliance.selectors import jurisdiction_codes
from lapak.core.audit.services import audit_append
from lapak.core.errors import NotAuthenticated, PermissionDenied, ValidationFailed

View = Callable[..., HttpResponse]
_JURISDICTION = re.compile(r"[A-Z]{2}")


def may_read_oversight(user: object) -> bool:
    return is_regulator(user) or is_operator(user)


def scope_jurisdiction(user: object, requested: str | None) -> str:
    """The jurisdiction a query reads: the one asked for if the reader may read it, else the regulator's own
    (when there is exactly one). Raises PermissionDenied (`jurisdiction_forbidden`) for another's data."""
    allowed = readable_jurisdictions(user)
    code = (requested or "").strip().upper()
    if code and not _JURISDICTION.fullmatch(code):
        raise ValidationFailed(fields={"jurisdiction": [_("Enter a jurisdiction as two letters, e.g. ID.")]})
    if allowed is None:  # an operator
        if code and code not in jurisdiction_codes():
            raise ValidationFailed(fields={"jurisdiction": [_("There is no such jurisdiction.")]})
        return code or "ID"
    if not code:
        if len(allowed) == 1:
            return allowed[0]
        raise PermissionDenied(_("Choose one of your jurisdictions."), code="jurisdiction_required")
    if code not in allowed:
        # A reader reaching for another jurisdiction's data is itself a query worth recording.
        query_log(user=user, jurisdiction=allowed[0] if len(allowed) == 1 else "", what="refused:jurisdiction",
                  params={"jurisdiction": code})
        raise PermissionDenied(_("You may only read the figures of your own jurisdiction."),
                               code="jurisdiction_forbidden")
    return code


def query_log(*, user: Any, jurisdiction: str, what: str, params: dict[str, Any] | None = None) -> None:
    """Append one `oversight.query` event: the reader, what they asked for and with which parameters."""
    audit_append(
        actor=user.public_id,
        action="oversight.query",
        subject_type="oversight",
        subject_id=what[:64],
        jurisdiction=jurisdiction if len(jurisdiction) == 2 else "",
        after={"what": what, "params": {key: str(value) for key, value in (params or {}).items()}},
    )


def require_reader(request: HttpRequest) -> None:
    """For the API: a signed-in operator, or a regulator who passed the second factor."""
    user = request.auth if getattr(request, "auth", None) is not None else request.user
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAuthenticated()
    if not may_read_oversight(user):
        raise PermissionDenied(_("Only regulators and platform operators can read oversight figures."),
                               code="oversight_forbidden")
    if is_regulator(user) and not (token_issued_as_regulator(user) if getattr(user, "api_token", None) is not None
                                   else user_is_verified(request)):
        raise PermissionDenied(_("Confirm your sign-in with your authenticator code first."),
                               code="second_factor_required")


def oversight_page(view: View) -> View:
    """Pages: visitors go to the login page, regulators without a second factor to the code page, anyone who is
    neither a regulator nor an operator gets 403. Responses are never cached."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_read_oversight(request.user):
            raise DjangoPermissionDenied
        if is_regulator(request.user) and not user_is_verified(request):
            return redirect_to_login(request.get_full_path(), login_url="accounts:two_factor")
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper



