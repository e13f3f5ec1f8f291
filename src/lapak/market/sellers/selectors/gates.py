"""Questions other packages ask about a seller: may it sell, may money be paid out to it."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from lapak.market.sellers.errors import SellerNotVerified
from lapak.market.sellers.models import (
    BankAccount,
    BankAccountStatus,
    ConsentRecord,
    MemberRole,
    OrganisationStatus,
    SellerOrganisation,
)
from lapak.market.sellers.rules import consent_policy_version


def seller_can_sell(organisation: SellerOrganisation) -> bool:
    """True only for a verified, open organisation (ID-SEL-1). Read from the database, not the instance, so a
    stale object cannot let a just-closed seller publish. Per-jurisdiction listing rules (e.g. ID-MKT-1 for
    first-party sellers) are the compliance engine's, at `listing.publish`."""
    return SellerOrganisation.objects.filter(pk=organisation.pk, status=OrganisationStatus.VERIFIED).exists()


def seller_require_verified(organisation: SellerOrganisation) -> None:
    """Raise SellerNotVerified (403, code "seller_not_verified") unless `seller_can_sell`."""
    if not seller_can_sell(organisation):
        raise SellerNotVerified()


def payout_account(organisation: SellerOrganisation) -> BankAccount | None:
    """The current payout account if it is verified; None otherwise."""
    return BankAccount.objects.filter(
        organisation=organisation, is_current=True, status=BankAccountStatus.VERIFIED
    ).first()


def payouts_on_hold(organisation: SellerOrganisation, *, now: datetime | None = None) -> bool:
    """True when no money may be paid out to this organisation now.

    Held when: it is not verified (or closed); the payout account changed less than 24 hours ago
    (`payout_hold_until`); the current account is missing or not verified (pending, or its holder name
    needs review); or the owner has withdrawn consent to payout processing.
    """
    now = now or timezone.now()
    fresh = SellerOrganisation.objects.filter(pk=organisation.pk).first()
    if fresh is None or fresh.status != OrganisationStatus.VERIFIED:
        return True
    if fresh.payout_hold_until is not None and fresh.payout_hold_until > now:
        return True
    if payout_account(fresh) is None:
        return True
    owner_consents = ConsentRecord.objects.filter(
        user__seller_memberships__organisation=fresh, user__seller_memberships__role=MemberRole.OWNER,
        purpose="payout_processing", ended_at__isnull=True, policy_version=consent_policy_version(),
    )
    return not owner_consents.exists()
