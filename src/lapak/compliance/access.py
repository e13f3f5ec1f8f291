"""Who may use the compliance console: operators change things; regulators read (their jurisdictions only)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from lapak.accounts.selectors import regulator_jurisdictions, user_roles
from lapak.accounts.two_factor import user_is_verified
from lapak.core.errors import PermissionDenied

View = Callable[..., HttpResponse]


def is_operator(user: object) -> bool:
    """An operator who is not also a regulator (a regulator's access is read-only everywhere)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    roles = user_roles(user)
    return "operator" in roles and "regulator" not in roles


def is_regulator(user: object) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and "regulator" in user_roles(user)


def readable_jurisdictions(user: object) -> list[str] | None:
    """None: every jurisdiction (an operator); a list: a regulator's own; [] for anyone else."""
    if is_operator(user):
        return None
    if is_regulator(user):
        return regulator_jurisdictions(user)
    return []


def require_operator(user: object) -> None:
    if not is_operator(user):
        raise PermissionDenied(_("Only platform operators can do this."), code="operator_required")


def console_page(*, write: bool = False) -> Callable[[View], View]:
    """Anonymous visitors go to the login page; the page is for operators, and (unless `write`) for regulators
    reading it; anyone else gets 403. Responses are never cached."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed = is_operator(request.user) or (not write and is_regulator(request.user))
            if not allowed:
                raise DjangoPermissionDenied
            if is_regulator(request.user) and not user_is_verified(request):
                return redirect_to_login(request.get_full_path(), login_url="accounts:two_factor")
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response

        return wrapper

    return decorate
