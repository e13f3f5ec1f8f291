"""Template context shared by every page: the navigation for the signed-in user's roles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lapak.accounts.selectors import user_roles


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    # None: everyone sees it; otherwise a user holding any of these roles.
    roles: frozenset[str] | None = None


# The area pages arrive with later work. An entry shows only once its URL name exists, so the
# navigation never links to a page that is not there; adding the page is enough to make it appear.
NAV_ENTRIES: tuple[NavEntry, ...] = (
    NavEntry("web:home", _("Home")),
    NavEntry("social_feed:for_you", _("Feed")),
    NavEntry("social_live:list", _("Live")),
    NavEntry("orders:list", _("My orders"), frozenset({"buyer"})),
    NavEntry("sellers:centre", _("Seller centre"), frozenset({"seller_member"})),
    NavEntry("social_studio:home", _("Creator studio"), frozenset({"creator"})),
    NavEntry("operations:home", _("Operations"), frozenset({"operator"})),
    NavEntry("compliance_ops:decisions", _("Compliance"), frozenset({"operator", "regulator"})),
    NavEntry("oversight:home", _("Oversight"), frozenset({"regulator"})),
)


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str | Promise
    current: bool


def _roles_of(request: HttpRequest) -> set[str]:
    cached = getattr(request, "_lapak_roles", None)
    if cached is None:
        user = getattr(request, "user", None)
        cached = user_roles(user) if user is not None else set()
        request._lapak_roles = cached
    return cached


def nav_links(request: HttpRequest) -> list[NavLink]:
    roles = _roles_of(request)
    links = []
    for entry in NAV_ENTRIES:
        if entry.roles is not None and not (entry.roles & roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        current = request.path == url if url == "/" else request.path.startswith(url)
        links.append(NavLink(url=url, label=entry.label, current=current))
    return links


def navigation(request: HttpRequest) -> dict:
    # A callable: templates call it only when they show the navigation, so partials cost no query.
    return {"nav_links": partial(nav_links, request)}
