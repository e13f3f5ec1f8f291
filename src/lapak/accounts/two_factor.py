"""Second factor (TOTP, RFC 6238, on django-otp): enrolment, checking a code, and the lock after wrong codes.

Who must pass it: every regulator (they read market-wide figures and audit proofs), and anyone who enrolled a
device of their own accord. django-otp already throttles each device (an exponential back-off after each
wrong code) and accepts a code only for a time step later than the last one it accepted, so a code is never
accepted twice. On top of that a per-account counter locks the second factor for `LOCK_SECONDS` once
`LOCK_AFTER` wrong codes arrive within `LOCK_SECONDS`, on the web and the API alike; the lock is audited.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

import django_otp
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from lapak.accounts.models import Role, RoleGrant, User
from lapak.accounts.selectors import regulator_jurisdictions, user_roles
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, NotAuthenticated, RateLimited
from lapak.core.ratelimit import rate_limit_hit

LOCK_AFTER = 5  # wrong codes ...
LOCK_SECONDS = 300  # ... within this many seconds lock the second factor for as long
DEVICE_NAME = "Authenticator"
_CODE = re.compile(r"[0-9]{6}")

LOCKED_MESSAGE = _("Too many wrong codes. To protect this account, codes are refused for 5 minutes. Please wait "
                   "and try again.")
WRONG_MESSAGE = _("That code is wrong or has already been used. Enter the current code from your authenticator app.")


@dataclass(frozen=True)
class TotpProvisioning:
    """What an authenticator app needs: the otpauth:// URI (for the QR code) and the base32 secret."""

    uri: str
    secret: str  # base32, in groups of four for typing by hand


# --- Reads -----------------------------------------------------------------------------------------


def user_is_verified(request: HttpRequest) -> bool:
    """True when this session passed the second factor (django-otp's middleware records the device)."""
    user = getattr(request, "user", None)
    return bool(user is not None and getattr(user, "is_verified", lambda: False)())


def token_issued_as_regulator(user: User) -> bool:
    """True when the bearer token `user` came with was issued after they became a regulator, so against a code
    (`token_create` asks regulators for one). A token from before the grant was issued on a password alone."""
    token = getattr(user, "api_token", None)
    if token is None:
        return False
    since = RoleGrant.objects.filter(user=user, role=Role.REGULATOR).aggregate(since=Min("granted_at"))["since"]
    return since is not None and token.created_at >= since


def totp_device_of(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator, if any."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_required(user: User) -> bool:
    """Regulators always sign in with a second factor; anyone else once they have confirmed a device."""
    if not user.is_authenticated:
        return False
    return "regulator" in user_roles(user) or totp_device_of(user) is not None


def second_factor_locked(user: User) -> bool:
    return cache.get(_lock_key(user)) is not None


def totp_provisioning(device: TOTPDevice) -> TotpProvisioning:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return TotpProvisioning(uri=device.config_url, secret=" ".join(re.findall(".{1,4}", secret)))


# --- Writes ----------------------------------------------------------------------------------------


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """The user's pending (unconfirmed) authenticator, created with a fresh random key if there is none.

    Guarantees: at most one pending device per user, even when the set-up page is opened twice at once (the
    user row is locked), so the QR code shown is the one that confirmation checks. Refuses (`Conflict`) when
    the user already has a confirmed device: replacing one goes through `totp_device_remove` first.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise Conflict(_("Two-factor sign-in is already set up for this account."), code="second_factor_exists")
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_enrolment_confirm(*, user: User, code: str, channel: str = "web") -> TOTPDevice:
    """Confirm the pending authenticator with a code it produced.

    Guarantees: the device is confirmed only if the code is right (same lock and throttling as sign-in; the
    confirming code cannot be used again), other pending devices are dropped, and the enrolment is audited in
    the same transaction.
    """
    device = _check_code(user=user, code=code, confirmed=False, channel=channel)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise Conflict(_("Two-factor sign-in is already set up for this account."), code="second_factor_exists")
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        _audit(user, "account.totp_enrol", after={"device": device.persistent_id, "channel": channel})
    return device


def totp_check(*, user: User, code: str, channel: str = "web") -> TOTPDevice:
    """Check a code against the user's confirmed authenticator; the device that accepted it, or an error.

    Errors: `second_factor_setup_required` (no device), `otp_invalid` (wrong, malformed or replayed code),
    `otp_throttled` (django-otp's back-off), `otp_locked` (too many wrong codes: see the module docstring).
    """
    return _check_code(user=user, code=code, confirmed=True, channel=channel)


def two_factor_login(request: HttpRequest, *, code: str) -> TOTPDevice:
    """Check the signed-in user's code and mark this session as having passed the second factor."""
    device = totp_check(user=request.user, code=code, channel="web")
    django_otp.login(request, device)
    return device


def totp_device_remove(*, user: User, actor: str) -> int:
    """Remove all the user's authenticators (a lost phone), audited. Sessions verified with them lose that state
    on their next request (django-otp's middleware no longer finds the device). Returns how many were removed."""
    with transaction.atomic():
        devices = list(TOTPDevice.objects.select_for_update().filter(user=user).order_by("pk"))
        if not devices:
            return 0
        TOTPDevice.objects.filter(pk__in=[d.pk for d in devices]).delete()
        confirmed = [d.persistent_id for d in devices if d.confirmed]
        if confirmed:
            _audit(user, "account.totp_remove", actor=actor, before={"devices": confirmed})
    return len(devices)


# --- Internals -------------------------------------------------------------------------------------


def _check_code(*, user: User, code: str, confirmed: bool, channel: str) -> TOTPDevice:
    if second_factor_locked(user):
        raise RateLimited(LOCKED_MESSAGE, code="otp_locked")
    # Authenticator apps show the code as "123 456"; people type it so.
    code = re.sub(r"\s", "", code or "")
    if not _CODE.fullmatch(code):  # cannot be right, so it guesses nothing: not counted towards the lock
        raise NotAuthenticated(WRONG_MESSAGE, code="otp_invalid")
    with transaction.atomic():
        # Locked for the check: two requests with the same code cannot both pass (django-otp's last_t).
        device = (TOTPDevice.objects.select_for_update().filter(user=user, confirmed=confirmed)
                  .order_by("pk").first())
        if device is None:
            if confirmed:
                raise NotAuthenticated(_("Set up two-factor sign-in with an authenticator app first."),
                                       code="second_factor_setup_required")
            raise Conflict(_("Start the set-up again: there is no authenticator waiting for confirmation."),
                           code="second_factor_not_started")
        allowed, _throttle = device.verify_is_allowed()
        accepted = allowed and device.verify_token(code)
    if not allowed:
        raise RateLimited(_("Please wait a few seconds before trying another code."), code="otp_throttled")
    if not accepted:
        _count_wrong_code(user, channel)
        raise NotAuthenticated(WRONG_MESSAGE, code="otp_invalid")
    return device


def _lock_key(user: User) -> str:
    return f"totp-lock:{user.pk}"


def _count_wrong_code(user: User, channel: str) -> None:
    within = rate_limit_hit(scope="totp-wrong", identity=str(user.pk), limit=LOCK_AFTER - 1,
                            window_seconds=LOCK_SECONDS)
    if within:
        return
    # cache.add: only the request that starts the lock records it, however many race here.
    if cache.add(_lock_key(user), 1, timeout=LOCK_SECONDS):
        _audit(user, "account.totp_lockout", after={"wrong_codes": LOCK_AFTER, "lock_seconds": LOCK_SECONDS,
                                                    "channel": channel})
    raise RateLimited(LOCKED_MESSAGE, code="otp_locked")


def _audit(user: User, action: str, *, actor: str | None = None, before: dict | None = None,
           after: dict | None = None) -> None:
    jurisdictions = regulator_jurisdictions(user)
    audit_append(
        actor=actor or user.public_id,
        action=action,
        subject_type="user",
        subject_id=user.public_id,
        jurisdiction=jurisdictions[0] if len(jurisdictions) == 1 else "",
        before=before,
        after=after,
    )
