"""What every desk page shares: the operator gate, no caching, and the operator's language."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from lapak.core.errors import NotFound
from lapak.market.sellers.models import SellerApplication
from lapak.market.sellers.permissions import is_operator
from lapak.market.sellers.selectors import application_for_operator

View = Callable[..., HttpResponse]


def operator_page(view: View) -> View:
    """Anonymous visitors go to the login page; signed-in people without the operator role get the 403 page.

    Every desk response carries `Cache-Control: no-store, private`: the pages hold personal data (names,
    declared birth dates, revealed numbers, identity photos) that must not stay in a browser or proxy cache.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_operator(request.user):
            raise DjangoPermissionDenied
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


def language() -> str:
    """"id" or "en": which of the two stored texts of a reason or flag to show."""
    return "en" if (translation.get_language() or "id").startswith("en") else "id"


def reason_text(item: dict) -> str:
    """A stored reason or review flag ({code, message_id, message_en, ...}) in the operator's language."""
    text = item.get("message_en") if language() == "en" else item.get("message_id")
    return text or item.get("message_en") or item.get("code", "")


def case_or_404(request: HttpRequest, public_id: str) -> SellerApplication:
    try:
        return application_for_operator(actor=request.user, public_id=public_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None
