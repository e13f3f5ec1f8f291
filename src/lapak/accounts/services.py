"""Writes on accounts: sign-up, role grants, API tokens (the address book: services_addresses.py, re-exported)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import ApiToken, Role, RoleGrant, User
from lapak.accounts.services_addresses import (  # noqa: F401  (re-exported: the address book's writes)
    address_create,
    address_delete,
    address_set_default,
    address_update,
)
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, ValidationFailed

PRIVILEGED_ROLES = frozenset({Role.OPERATOR, Role.REGULATOR})
TOKEN_PREFIX = "lpk_"  # noqa: S105 (a public prefix, not a secret)


def hash_token(raw: str) -> str:
    """Tokens carry 256 random bits, so a plain SHA-256 is enough to make a stolen table useless."""
    return hashlib.sha256(raw.encode()).hexdigest()


def user_signup(*, email: str, password: str, full_name: str, language: str = "id") -> User:
    """Create a buyer account. Guarantees: email unique (case-insensitive), password validated, buyer role."""
    email = email.strip().lower()
    full_name = full_name.strip()
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except DjangoValidationError:
        errors["email"] = [str(_("Enter a valid email address."))]
    if not full_name:
        errors["full_name"] = [str(_("Enter your full name."))]
    elif len(full_name) > 150:
        errors["full_name"] = [str(_("The name can be at most 150 characters."))]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [str(_("Choose Bahasa Indonesia or English."))]
    try:
        validate_password(password, User(email=email, full_name=full_name))
    except DjangoValidationError as exc:
        errors["password"] = [str(m) for m in exc.messages]
    if errors:
        raise ValidationFailed(fields=errors)
    try:
        with transaction.atomic():
            if User.objects.filter(email__iexact=email).exists():
                raise IntegrityError
            user = User.objects.create_user(email, password, full_name=full_name, language=language)
            RoleGrant.objects.create(user=user, role=Role.BUYER)
    except IntegrityError as exc:
        raise Conflict(
            _("An account with this email address already exists."),
            code="email_taken",
            fields={"email": [_("An account with this email address already exists.")]},
        ) from exc
    return user


def role_grant(*, user: User, role: Role | str, jurisdiction: str = "", actor: str = "system") -> RoleGrant:
    """Grant a role (idempotent). Regulators need a jurisdiction.

    A new grant of a privileged role (operator, regulator) is written to the audit log in the same
    transaction, so who could see or change what is part of the verifiable record.
    """
    if role == Role.REGULATOR and not jurisdiction:
        raise ValidationFailed(fields={"jurisdiction": [_("A regulator is scoped to one jurisdiction.")]})
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(user=user, role=role, jurisdiction=jurisdiction)
        if created and role in PRIVILEGED_ROLES:
            audit_append(
                actor=actor,
                action="account.role_grant",
                subject_type="user",
                subject_id=user.public_id,
                jurisdiction=jurisdiction,
                after={"role": str(role), "jurisdiction": jurisdiction},
            )
    return grant


def api_token_issue(*, user: User, name: str = "", ttl: timedelta | None = None) -> tuple[ApiToken, str]:
    """Issue a bearer token. Returns the stored row and the raw secret, which is never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        token_hash=hash_token(raw),
        display_prefix=raw[:12],
        expires_at=timezone.now() + (ttl or settings.API_TOKEN_TTL),
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token (idempotent: revoking twice keeps the first revocation time)."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def user_set_language(*, user: User, language: str) -> User:
    """Save the user's interface language. Guarantees: only a language from settings.LANGUAGES is stored."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationFailed(fields={"language": [_("Choose Bahasa Indonesia or English.")]})
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
    return user
