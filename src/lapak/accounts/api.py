"""`/api/v1/auth/`: bearer tokens, the caller's own profile, and their address book (api_addresses.py)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from lapak.accounts import selectors, services, two_factor
from lapak.accounts.api_addresses import router as addresses_router
from lapak.accounts.models import ApiToken
from lapak.core.errors import NotAuthenticated, RateLimited
from lapak.core.schemas import ErrorOut, StrictSchema

router = Router(tags=["auth"])
router.add_router("/addresses", addresses_router)


class TokenIn(StrictSchema):
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=256)
    name: str = Field("", max_length=100, description="A label to recognise the token by, e.g. 'mobile'.")
    otp: str = Field("", max_length=9, description=(
        "The current 6-digit code from the account's authenticator app. Required for regulators and for any "
        "account with two-factor sign-in set up; ignored otherwise."
    ))


class TokenOut(Schema):
    token: str = Field(..., description="The secret. Shown only once; store it safely.")
    token_id: str
    expires_at: datetime


class TokenInfo(Schema):
    token_id: str
    name: str
    display_prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class MeOut(Schema):
    id: str
    email: str
    full_name: str
    language: str
    roles: list[str]


def _token_info(token: ApiToken) -> TokenInfo:
    return TokenInfo(
        token_id=token.public_id,
        name=token.name,
        display_prefix=token.display_prefix,
        created_at=token.created_at,
        expires_at=token.expires_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
    )


@router.post(
    "/token",
    auth=None,
    response={201: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Exchange email and password for a bearer token",
)
def token_create(request: HttpRequest, payload: TokenIn) -> Status[TokenOut]:
    """Exchange email and password (and, where the account has one, a second factor) for a bearer token.

    Regulators, and anyone who set up two-factor sign-in, must also send `otp`, the current 6-digit code of
    their authenticator app (set it up on the website at `/accounts/two-factor/setup/`):
    - `otp` missing: 401 `second_factor_required` (also while a regulator has no authenticator yet);
    - `otp` wrong, malformed or already used: 401 `otp_invalid`;
    - after 5 wrong codes within 5 minutes the account's codes are refused for 5 minutes (429 `otp_locked`, the
      same lock as the sign-in page); codes sent in quick succession may get 429 `otp_throttled`.
    A wrong password is answered first (401 `invalid_credentials`), so the code is checked only for the owner.
    """
    user = authenticate(request, username=payload.email.lower(), password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise RateLimited(_("Too many failed attempts. Try again in a few minutes."), code="login_locked")
    if user is None:
        raise NotAuthenticated(_("The email or password is wrong."), code="invalid_credentials")
    if two_factor.second_factor_required(user):
        if not payload.otp.strip():
            raise NotAuthenticated(_("This account also needs the 6-digit code from its authenticator app (otp)."),
                                   code="second_factor_required")
        if two_factor.totp_device_of(user) is None:
            raise NotAuthenticated(_("Set up two-factor sign-in on the website first (Account, two-factor "
                                     "sign-in), then send its code."), code="second_factor_required")
        two_factor.totp_check(user=user, code=payload.otp, channel="api")
    token, raw = services.api_token_issue(user=user, name=payload.name)
    return Status(201, TokenOut(token=raw, token_id=token.public_id, expires_at=token.expires_at))


@router.get("/tokens", response={200: list[TokenInfo], 401: ErrorOut}, summary="List my tokens")
def token_list(request: HttpRequest) -> list[TokenInfo]:
    return [_token_info(t) for t in selectors.api_tokens_of(request.auth)]


@router.delete(
    "/tokens/{token_id}",
    response={200: TokenInfo, 401: ErrorOut, 404: ErrorOut},
    summary="Revoke one of my tokens",
)
def token_revoke(request: HttpRequest, token_id: str) -> TokenInfo:
    token = get_object_or_404(ApiToken, public_id=token_id, user=request.auth)
    return _token_info(services.api_token_revoke(token=token))


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="Who am I")
def me(request: HttpRequest) -> MeOut:
    user = request.auth
    return MeOut(
        id=user.public_id,
        email=user.email,
        full_name=user.full_name,
        language=user.language,
        roles=sorted(selectors.user_roles(user)),
    )
