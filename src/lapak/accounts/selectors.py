"""Reads on accounts."""

from __future__ import annotations

import json
from datetime import timedelta

from django.db.models import Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import Address, ApiToken, Role, RoleGrant, User
from lapak.accounts.services import TOKEN_PREFIX, hash_token
from lapak.core.errors import NotAuthenticated, NotFound

# last_used_at is a hint for the user, not an audit trail: write it at most once a minute per token.
_LAST_USED_RESOLUTION = timedelta(minutes=1)


def user_for_bearer_token(raw: str) -> User:
    """The active user behind a bearer token, or NotAuthenticated naming why (invalid, expired, revoked)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        raise NotAuthenticated(_("The token is not valid."), code="token_invalid")
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    if token is None:
        raise NotAuthenticated(_("The token is not valid."), code="token_invalid")
    now = timezone.now()
    if token.revoked_at is not None:
        raise NotAuthenticated(_("The token has been revoked."), code="token_revoked")
    if token.expires_at <= now:
        raise NotAuthenticated(_("The token has expired."), code="token_expired")
    if not token.user.is_active:
        raise NotAuthenticated(_("The account is disabled."), code="account_disabled")
    regulator_since = (RoleGrant.objects.filter(user=token.user, role=Role.REGULATOR)
                       .aggregate(since=Min("granted_at"))["since"])
    if regulator_since is not None and token.created_at < regulator_since:
        # Issued on a password alone, before the account became a regulator: regulators' tokens need a code.
        raise NotAuthenticated(_("This token was issued before the account became a regulator. Ask for a new one "
                                 "with your authenticator code."), code="token_needs_second_factor")
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.user.api_token = token
    return token.user


def user_roles(user: User) -> set[str]:
    """The user's roles; those loaded with a signed-in user (accounts.backends) when present."""
    if not user.is_authenticated:
        return set()
    loaded = getattr(user, "role_list", False)
    if loaded is not False:
        if isinstance(loaded, str):  # SQLite returns the JSON array as text
            loaded = json.loads(loaded)
        return set(loaded or ())
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))


def regulator_jurisdictions(user: User) -> list[str]:
    return list(
        RoleGrant.objects.filter(user=user, role=Role.REGULATOR).values_list("jurisdiction", flat=True)
    )


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def email_is_taken(email: str) -> bool:
    """The same case-insensitive test `user_signup` applies (the service still decides at sign-up)."""
    return User.objects.filter(email__iexact=email.strip()).exists()


def addresses_of(user: User) -> QuerySet[Address]:
    """The user's address book, the default first, then the newest; regions loaded for display."""
    return (Address.objects.filter(user=user).select_related("village", "district", "regency", "province")
            .order_by("-is_default", "-created_at", "-pk"))


def address_of(user: User, public_id: str) -> Address:
    """One of the user's addresses; NotFound for another user's, exactly as for a missing one."""
    address = addresses_of(user).filter(public_id=str(public_id)[:40]).first() if user.is_authenticated else None
    if address is None:
        raise NotFound(_("There is no such address."), code="address_not_found")
    return address
