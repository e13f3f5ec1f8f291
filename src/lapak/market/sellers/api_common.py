"""What the sellers' two routers share: who may call them, pagination, and the small output helpers.

Authorisation is decided at the router, so an endpoint added later inherits it:

- `/api/v1/sellers/` (`SellerCaller`): any signed-in account except a regulator's. What a caller may touch
  is then decided per object by membership (selectors answer 404 for another seller's objects, the
  services 403 for a member whose role is too low).
- `/api/v1/operator/` (`OperatorCaller`): operators only.

A regulator account is refused on both (403), whatever other roles it holds: the task force sees counts
through the oversight portal, never identity data, and never acts as or on a seller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.security import HttpBearer
from pydantic import create_model

from lapak.accounts.selectors import user_for_bearer_token, user_roles
from lapak.core.errors import PermissionDenied, ValidationFailed

MAX_PAGE = 100


class _Caller(HttpBearer):
    openapi_description = "A token from `POST /api/v1/auth/token`, sent as `Authorization: Bearer lpk_…`."

    def authenticate(self, request: HttpRequest, token: str) -> object:
        user = user_for_bearer_token(token)
        roles = user_roles(user)
        if "regulator" in roles:
            raise PermissionDenied(
                _("Regulator accounts cannot use the seller or operator API."), code="regulator_not_allowed"
            )
        self.check_roles(roles)
        return user

    def check_roles(self, roles: set[str]) -> None:
        return None


class SellerCaller(_Caller):
    """A signed-in person acting for themselves or for the shops they belong to (not a regulator)."""


class OperatorCaller(_Caller):
    """A platform operator (not a regulator)."""

    openapi_description = "An operator's bearer token (`Authorization: Bearer lpk_…`)."

    def check_roles(self, roles: set[str]) -> None:
        if "operator" not in roles:
            raise PermissionDenied(_("Only platform operators can do this."), code="operator_required")


# --- Pagination ------------------------------------------------------------------------------------


class PageQuery(Schema):
    limit: int = Field(20, ge=1, le=MAX_PAGE, description=f"How many items, 1 to {MAX_PAGE}.")
    offset: int = Field(0, ge=0, le=1_000_000, description="How many items to skip.")


_PAGES: dict[type, type] = {}


def page_of(item: type[Schema]) -> type[Schema]:
    """The response schema of a page of `item`s: `{"items": [...], "count", "limit", "offset"}`."""
    if item not in _PAGES:
        _PAGES[item] = create_model(
            f"{item.__name__.removesuffix('Out')}Page",
            __base__=Schema,
            items=(list[item], ...),
            count=(int, Field(..., description="How many items there are in all.")),
            limit=(int, ...),
            offset=(int, ...),
        )
    return _PAGES[item]


def paginate(rows: QuerySet | Sequence, page: PageQuery, render: Callable[[Any], Any]) -> dict:
    """One page of `rows` (a queryset is sliced in the database), each item passed through `render`."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    window = rows[page.offset: page.offset + page.limit]
    return {"items": [render(row) for row in window], "count": count, "limit": page.limit, "offset": page.offset}


# --- Output helpers --------------------------------------------------------------------------------


def required_file(file: object | None) -> object:
    """The uploaded file, or a 422 naming the multipart field `file` (declared optional so that the error names
    the field as the client knows it, not by ninja's internal location)."""
    if file is None:
        raise ValidationFailed(fields={"file": [_("Choose a file to upload.")]})
    return file


def no_store(response: HttpResponse) -> None:
    """For answers that carry identity numbers in full: no browser, proxy or shared cache may keep them."""
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"


def language() -> str:
    return "id" if (translation.get_language() or "id").startswith("id") else "en"


def reasons_out(reasons: Iterable[dict]) -> list[dict]:
    """Stored reasons (both languages) as the caller reads them: code, rule, message in their language."""
    lang = language()
    return [
        {"code": r.get("code", ""), "rule_id": r.get("rule_id", ""), "part": r.get("part", ""),
         "message": r.get("message_id" if lang == "id" else "message_en", "")}
        for r in reasons
    ]


def user_ref(user: object | None) -> dict | None:
    if user is None:
        return None
    return {"id": user.public_id, "email": user.email, "full_name": user.full_name}
