"""Creators: the profile, the phone check that makes a user a creator, follows.

Writes go to the `social` database; the audit event and the role grant go to `default`, so both transactions
are opened together and commit together on the happy path (social first, default nested inside).
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import Role, User
from lapak.accounts.selectors import user_roles
from lapak.accounts.services import role_grant
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, LapakError, PermissionDenied, RateLimited, ValidationFailed
from lapak.core.ids import is_public_id
from lapak.core.phone import phone_normalise
from lapak.core.ratelimit import rate_limit_hit
from lapak.social.models import Creator, Follow, PhoneCheck
from lapak.social.sms import SmsUnavailable, sms_send

HANDLE = re.compile(r"[a-z0-9][a-z0-9_-]{2,29}")
# Words that name pages, staff or the platform itself: a creator called @admin or @lapak would mislead.
RESERVED_HANDLES = frozenset({
    "admin", "administrator", "api", "about", "account", "accounts", "creators", "creator", "feed", "following",
    "go", "handoff", "help", "home", "lapak", "live", "login", "logout", "me", "official", "operations", "operator",
    "posts", "regulator", "root", "search", "seller", "sellers", "settings", "signup", "staff", "studio", "support",
    "system", "cart", "orders", "pay", "checkout", "static", "media", "www", "kominfo", "kemendag",
})
CODE_TTL = timedelta(minutes=10)
CODE_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)
SENDS_PER_HOUR = 5


class SmsDown(LapakError):
    status = 503
    code = "sms_unavailable"
    default_message = _("We cannot send text messages right now. Try again in a few minutes.")


def handle_clean(raw: str) -> str:
    handle = (raw or "").strip().lstrip("@").lower()
    if not HANDLE.fullmatch(handle):
        raise ValidationFailed(fields={"handle": [_(
            "Use 3 to 30 lower-case letters, digits, dashes or underscores, starting with a letter or digit.")]})
    if handle in RESERVED_HANDLES:
        raise ValidationFailed(fields={"handle": [_("This handle is reserved. Choose another.")]})
    return handle


def _seller_org_clean(user: User, raw: str) -> str:
    """A claimed shop link. Role grants carry no organisation, and social may not read the marketplace's members:
    the claim is accepted from holders of the seller_member role and stored; the marketplace checks membership
    before it treats the link as meaningful (e.g. for commission on the creator's own shop)."""
    org = (raw or "").strip()
    if not org:
        return ""
    if not is_public_id(org, "org"):
        raise ValidationFailed(fields={"seller_org": [_("Enter a shop id such as org_….")]})
    if Role.SELLER_MEMBER not in user_roles(user):
        raise ValidationFailed(fields={"seller_org": [_("Only members of a shop can link it.")]})
    return org


def _text(name: str, value: str, limit: int, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(fields={name: [_("This field is required.")]})
    if len(value) > limit:
        raise ValidationFailed(fields={name: [_("At most %(n)d characters.") % {"n": limit}]})
    return value


def creator_create(*, user: User, handle: str, display_name: str, phone: str, bio: str = "",
                   seller_org: str = "") -> Creator:
    """Make `user`'s creator profile (not yet verified: the creator role comes with the phone check).

    Guarantees: one profile per account and one owner per handle (unique constraints; a Conflict names the
    field); nothing is stored when any field is refused; the creation is audited.
    """
    fields = {"handle": handle_clean(handle), "display_name": _text("display_name", display_name, 80, required=True),
              "bio": _text("bio", bio, 300, required=False), "phone": phone_normalise(phone),
              "seller_org": _seller_org_clean(user, seller_org)}
    if Creator.objects.filter(account=user.public_id).exists():
        raise Conflict(_("You already have a creator profile."), code="creator_exists")
    if Creator.objects.filter(handle=fields["handle"]).exists():
        raise Conflict(fields={"handle": [_("This handle is taken.")]}, code="handle_taken")
    try:
        with transaction.atomic(using="social"), transaction.atomic(using="default"):
            creator = Creator.objects.create(account=user.public_id, **fields)
            audit_append(actor=user.public_id, action="social.creator_create", subject_type="creator",
                         subject_id=creator.public_id, jurisdiction=creator.jurisdiction,
                         after={"handle": creator.handle, "seller_org": creator.seller_org})
    except IntegrityError as error:  # a concurrent request won the handle or the account
        raise Conflict(fields={"handle": [_("This handle is taken.")]}, code="handle_taken") from error
    return creator


def creator_update(*, creator: Creator, user: User, display_name: str, bio: str, phone: str,
                   seller_org: str) -> Creator:
    """Change the profile. A new phone number is unverified until checked again (the creator role stays)."""
    if creator.account != user.public_id:
        raise PermissionDenied()
    phone = phone_normalise(phone)
    before = {"phone_changed": False, "seller_org": creator.seller_org}
    with transaction.atomic(using="social"), transaction.atomic(using="default"):
        creator = Creator.objects.select_for_update().get(pk=creator.pk)
        creator.display_name = _text("display_name", display_name, 80, required=True)
        creator.bio = _text("bio", bio, 300, required=False)
        creator.seller_org = _seller_org_clean(user, seller_org)
        if phone != creator.phone:
            creator.phone, creator.phone_verified_at = phone, None
        creator.save()
        audit_append(actor=user.public_id, action="social.creator_update", subject_type="creator",
                     subject_id=creator.public_id, jurisdiction=creator.jurisdiction, before=before,
                     after={"phone_changed": creator.phone_verified_at is None, "seller_org": creator.seller_org})
    return creator


def phone_code_send(*, creator: Creator) -> PhoneCheck:
    """Send a fresh 6-digit code to the creator's phone. Only its hash is stored; it expires in 10 minutes and
    replaces any earlier code. At most one send a minute and five an hour per creator (RateLimited)."""
    if creator.phone_verified_at is not None:
        raise Conflict(_("This phone number is already verified."), code="phone_verified")
    now = timezone.now()
    last = PhoneCheck.objects.filter(creator=creator).order_by("-sent_at").values_list("sent_at", flat=True).first()
    if (last and now - last < RESEND_AFTER) or not rate_limit_hit(
            scope="social.phone_send", identity=creator.public_id, limit=SENDS_PER_HOUR, window_seconds=3600):
        raise RateLimited(_("A code was sent a moment ago. Wait a minute before asking for another."),
                          code="code_resend_too_soon")
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic(using="social"):
        PhoneCheck.objects.filter(creator=creator, used_at=None, expires_at__gt=now).update(expires_at=now)
        check = PhoneCheck.objects.create(creator=creator, phone=creator.phone, code_hash=make_password(code),
                                          expires_at=now + CODE_TTL)
    # Sent once the code is stored (the transaction above is the outermost one): a failed send leaves a code
    # nobody received, and the creator asks again after a minute.
    try:
        sms_send(to=check.phone, body=gettext("Lapak: your creator verification code is %(code)s. It expires in 10 "
                                              "minutes. Never share it.") % {"code": code})
    except SmsUnavailable as error:
        raise SmsDown() from error
    return check


def phone_code_verify(*, creator: Creator, user: User, code: str) -> Creator:
    """Check `code` against the creator's latest code; on a match the phone is verified and the account gets the
    creator role. Every attempt counts (committed even when wrong); the sixth is refused, as is an expired code."""
    if creator.account != user.public_id:
        raise PermissionDenied()
    code = (code or "").strip()
    now = timezone.now()
    with transaction.atomic(using="social"), transaction.atomic(using="default"):
        check = (PhoneCheck.objects.select_for_update().filter(creator=creator, used_at=None)
                 .order_by("-sent_at", "-id").first())
        if check is None or check.expires_at <= now or check.phone != creator.phone:
            raise ValidationFailed(fields={"code": [_("This code has expired. Ask for a new one.")]},
                                   code="code_expired")
        if check.attempts >= CODE_ATTEMPTS:
            raise RateLimited(_("Too many wrong codes. Ask for a new one."), code="code_attempts")
        check.attempts += 1
        matched = bool(re.fullmatch(r"\d{6}", code)) and check_password(code, check.code_hash)
        if matched:
            check.used_at = now
        check.save(update_fields=["attempts", "used_at"])
        if matched:
            Creator.objects.filter(pk=creator.pk).update(phone_verified_at=now)
            role_grant(user=user, role=Role.CREATOR, actor=user.public_id)
            audit_append(actor=user.public_id, action="social.creator_phone_verify", subject_type="creator",
                         subject_id=creator.public_id, jurisdiction=creator.jurisdiction,
                         after={"creator_role": True})
    if not matched:
        raise ValidationFailed(fields={"code": [_("This code is not right.")]}, code="code_wrong")
    creator.refresh_from_db()
    return creator


def creator_follow(*, creator: Creator, follower: str) -> bool:
    """Follow (idempotent). True if this call created the follow; followers_count moves by exactly one then.
    The unique (follower, creator) constraint decides races; the count is an atomic F() update."""
    if follower == creator.account:
        raise ValidationFailed(_("You cannot follow yourself."), code="follow_self")
    with transaction.atomic(using="social"):
        _follow, created = Follow.objects.get_or_create(follower=follower, creator=creator)
        if created:
            Creator.objects.filter(pk=creator.pk).update(followers_count=F("followers_count") + 1)
    return created


def creator_unfollow(*, creator: Creator, follower: str) -> bool:
    """Unfollow (idempotent). True if a follow was removed; followers_count drops by exactly one then."""
    with transaction.atomic(using="social"):
        deleted, _rows = Follow.objects.filter(follower=follower, creator=creator).delete()
        if deleted:
            Creator.objects.filter(pk=creator.pk, followers_count__gt=0).update(
                followers_count=F("followers_count") - 1)
    return bool(deleted)
