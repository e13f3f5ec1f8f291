"""What every seller-centre catalogue page shares: the shop (members only), the reader's role, the page frame.

The shop is always found through `organisation_for`, so outside it every page is 404 (its existence is not
confirmed); the catalogue services check owner/manager themselves, and the inventory services (which take no
actor) are guarded here by `require_editor_of` before they run. Pages wear the sellers' `seller_page` frame:
NotFound becomes 404 and PermissionDenied the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, member_role_of, require_member
from lapak.market.sellers.selectors import organisation_for
from lapak.market.sellers.views.common import localised, role_label, seller_page

__all__ = ["Shop", "body_limit", "require_editor_of", "seller_page", "shop_for"]

View = Callable[..., HttpResponse]


@dataclass(frozen=True)
class Shop:
    organisation: SellerOrganisation
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role in EDITORS

    def context(self, section: str, **extra: object) -> dict:
        """The template context every page starts from (the header and its sub-navigation read these)."""
        return {"organisation": self.organisation, "role": self.role, "role_label": role_label(self.role),
                "can_edit": self.can_edit, "section": section, **extra}


def shop_for(request: HttpRequest, org: str) -> Shop:
    """The shop `org` if the signed-in user belongs to it (any role); NotFound otherwise."""
    organisation = organisation_for(user=request.user, public_id=org)
    return Shop(organisation=organisation, role=member_role_of(organisation, request.user) or "")


def require_editor_of(request: HttpRequest, shop: Shop) -> None:
    """Owners and managers change stock and warehouses; staff only look (PermissionDenied: the 403 page)."""
    require_member(shop.organisation, request.user, EDITORS)


def body_limit(max_bytes: Callable[[], int]) -> Callable[[View], View]:
    """Refuse a POST body over `max_bytes()` (plus room for the form fields) before anything reads it.

    The CSRF check parses the body, so it runs after this one (as in the sellers' `upload_limit`); the file is
    checked again on its own by the form and the service.
    """

    def decorate(view: View) -> View:
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            limit = max_bytes() + 256 * 1024
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if request.method == "POST" and length > limit:
                message = _("The file you sent is larger than %(limit)s. Send a smaller file.") % {
                    "limit": filesizeformat(max_bytes())}
                return render(request, "sellers/too_large.html", {"message": message}, status=413)
            return protected(request, *args, **kwargs)

        return wrapped

    return decorate


def localised_reason(reason: dict) -> str:
    """A refusal reason stored in both languages, in the page's language."""
    return localised(str(reason.get("message_id", "")), str(reason.get("message_en", "")))
