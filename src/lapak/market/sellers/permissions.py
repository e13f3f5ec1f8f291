"""Who may do what to a seller organisation: the one place member roles and operator status are checked."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from lapak.accounts.selectors import user_roles
from lapak.core.errors import NotFound, PermissionDenied
from lapak.market.sellers.models import MemberRole, Membership, SellerOrganisation

EDITORS = (MemberRole.OWNER, MemberRole.MANAGER)


def member_role_of(organisation: SellerOrganisation, user: object) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.filter(organisation=organisation, user=user).values_list("role", flat=True).first()
    )


def require_member(organisation: SellerOrganisation, user: object, roles: Iterable[str] | None = None) -> str:
    """The user's role in the organisation. A non-member gets NotFound (the organisation's existence is not
    confirmed to outsiders); a member without one of `roles` gets PermissionDenied."""
    role = member_role_of(organisation, user)
    if role is None:
        raise NotFound(_("There is no such seller."), code="seller_not_found")
    if roles is not None and role not in set(roles):
        raise PermissionDenied(_("Your role in this shop does not allow this."), code="seller_role_insufficient")
    return role


def is_operator(user: object) -> bool:
    """An operator who is not also a regulator: a regulator's access is read-only everywhere."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    roles = user_roles(user)
    return "operator" in roles and "regulator" not in roles


def is_regulator(user: object) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and "regulator" in user_roles(user)


def require_operator(user: object) -> None:
    if not is_operator(user):
        raise PermissionDenied(_("Only platform operators can do this."), code="operator_required")


def require_independent_operator(user: object, organisation: SellerOrganisation) -> None:
    """An operator acting on a shop must not belong to it (no one reviews their own shop)."""
    require_operator(user)
    if member_role_of(organisation, user) is not None:
        raise PermissionDenied(
            _("Operators cannot decide applications of shops they belong to."), code="operator_conflict"
        )


def require_operator_not_subject(user: object, subject: object) -> None:
    """An operator must not handle their own data-subject request."""
    require_operator(user)
    if getattr(subject, "pk", None) == getattr(user, "pk", object()):
        raise PermissionDenied(_("Operators cannot handle their own requests."), code="operator_conflict")


def actor_label(user: object | None) -> str:
    """How an actor is named in audit events and history: a user's public id, or 'system'."""
    return getattr(user, "public_id", None) or "system"
