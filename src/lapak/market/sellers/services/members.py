"""The people who act for a seller organisation: owner (one), managers and staff.

Owners add managers and staff; managers add staff. Only the owner changes roles. Anyone but the owner may
leave. Ownership transfer is not offered here: it changes who the seller legally is, so it needs a new
verification.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from lapak.accounts.services import role_grant
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from lapak.market.sellers.models import MemberRole, Membership, SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, actor_label, require_member

# Which roles each role may hand out (or take away).
MAY_MANAGE = {MemberRole.OWNER: {MemberRole.MANAGER, MemberRole.STAFF}, MemberRole.MANAGER: {MemberRole.STAFF}}


def member_add(*, organisation: SellerOrganisation, actor: object, user: object, role: str) -> Membership:
    """Add `user` as a manager or staff member. Guarantees one membership per person per organisation."""
    actor_role = require_member(organisation, actor, EDITORS)
    if role not in (MemberRole.MANAGER, MemberRole.STAFF):
        raise ValidationFailed(fields={"role": [_("Choose manager or staff.")]})
    if role not in MAY_MANAGE[actor_role]:
        raise PermissionDenied(_("Your role in this shop does not allow this."), code="seller_role_insufficient")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(organisation=organisation, user=user, role=role, added_by=actor)
            role_grant(user=user, role="seller_member", actor=actor_label(actor))
            _audit(organisation, actor, "seller.member.added", user, None, role)
    except IntegrityError as exc:
        raise Conflict(_("This person is already a member of the shop."), code="member_exists") from exc
    return membership


def member_role_change(*, organisation: SellerOrganisation, actor: object, user: object, role: str) -> Membership:
    """The owner makes a member a manager or staff (the owner's own role does not change here)."""
    require_member(organisation, actor, [MemberRole.OWNER])
    if role not in (MemberRole.MANAGER, MemberRole.STAFF):
        raise ValidationFailed(fields={"role": [_("Choose manager or staff.")]})
    with transaction.atomic():
        membership = _membership_for_update(organisation, user)
        if membership.role == MemberRole.OWNER:
            raise Conflict(_("The owner's role cannot be changed."), code="owner_role_fixed")
        before, membership.role = membership.role, role
        membership.save(update_fields=["role"])
        _audit(organisation, actor, "seller.member.role_changed", user, before, role)
    return membership


def member_remove(*, organisation: SellerOrganisation, actor: object, user: object) -> None:
    """Remove a member: the owner removes anyone else, a manager removes staff, anyone but the owner may leave."""
    actor_role = require_member(organisation, actor)
    with transaction.atomic():
        membership = _membership_for_update(organisation, user)
        if membership.role == MemberRole.OWNER:
            raise Conflict(_("The owner cannot leave or be removed."), code="owner_role_fixed")
        leaving = membership.user_id == actor.pk
        if not leaving and membership.role not in MAY_MANAGE.get(actor_role, set()):
            raise PermissionDenied(_("Your role in this shop does not allow this."), code="seller_role_insufficient")
        membership.delete()
        _audit(organisation, actor, "seller.member.removed", user, membership.role, None)


def _membership_for_update(organisation: SellerOrganisation, user: object) -> Membership:
    membership = Membership.objects.select_for_update().filter(organisation=organisation, user=user).first()
    if membership is None:
        raise NotFound(_("This person is not a member of the shop."), code="member_not_found")
    return membership


def _audit(organisation: SellerOrganisation, actor: object, action: str, user: object, before: str | None,
           after: str | None) -> None:
    audit_append(
        actor=actor_label(actor), action=action, subject_type="seller_organisation",
        subject_id=organisation.public_id, jurisdiction=organisation.jurisdiction,
        before={"member": user.public_id, "role": before}, after={"member": user.public_id, "role": after},
    )
