"""Writes on affiliate invitations: a shop invites one creator to one product at a rate above the open one; the
creator accepts or declines; the shop withdraws.

At most one live (pending or accepted) invitation per product and creator: the database's partial unique
constraint decides, so two invitations sent at the same moment leave one and the other gets a Conflict.
Answers and withdrawals are conditional UPDATEs from the states they may leave, so a withdrawal racing an
acceptance has exactly one winner. Every change is audited in its transaction; the creator is e-mailed through
the outbox after commit.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.accounts.models import Role, RoleGrant
from lapak.core.audit.services import audit_append
from lapak.core.errors import Conflict, ValidationFailed
from lapak.core.outbox.services import outbox_emit
from lapak.market.affiliates.models import AffiliateInvite
from lapak.market.affiliates.selectors_offers import LIVE, open_rate_bps
from lapak.market.affiliates.services_offers import rate_checked, require_offer_product
from lapak.market.catalog.models import Product
from lapak.market.sellers.models import SellerOrganisation
from lapak.market.sellers.permissions import EDITORS, actor_label, require_member

INVITE_TOPIC = "affiliates.invite.sent"
S = AffiliateInvite.Status
MESSAGE_MAX = 500


def creator_resolve(reference: str) -> str:
    """The account public id of the creator named by `reference` (an account public id `usr_…` or an e-mail
    address); ValidationFailed on `creator` when no account with the creator role answers to it."""
    reference = (reference or "").strip()
    users = get_user_model().objects.filter(is_active=True)
    if "@" in reference:
        user = users.filter(email__iexact=reference).first()
    else:
        user = users.filter(public_id=reference).first() if reference else None
    if user is None or not RoleGrant.objects.filter(user=user, role=Role.CREATOR).exists():
        raise ValidationFailed(fields={"creator": [_("No creator has this account id or e-mail address.")]})
    return user.public_id


def _audit(actor: object, action: str, invite: AffiliateInvite, before: dict | None = None) -> None:
    audit_append(actor=actor_label(actor), action=action, subject_type="affiliate_invite",
                 subject_id=invite.public_id, jurisdiction=invite.seller.jurisdiction, before=before,
                 after={"product": invite.product.public_id, "creator": invite.creator, "rate_bps": invite.rate_bps,
                        "status": invite.status})


def invite_send(*, actor: object, seller: SellerOrganisation, product: Product, creator: str, rate_bps: int,
                message: str = "") -> AffiliateInvite:
    """Invite the creator named by `creator` (account public id or e-mail) to promote the shop's `product` at
    `rate_bps`. Guarantees: owner or manager only; the shop's own active product; a rate of 1–50 % strictly
    above the product's open rate; every problem reported per field at once; no second live invitation for the
    same product and creator (Conflict `affiliate_invite_exists`, also when two are sent at the same moment);
    audited; the creator is e-mailed after commit."""
    require_member(seller, actor, EDITORS)
    errors: dict[str, list] = {}
    checks = (("creator", lambda: creator_resolve(creator)),
              ("product", lambda: require_offer_product(seller, product)),
              ("rate_bps", lambda: rate_checked(rate_bps, above=open_rate_bps(product=product))))
    results = {}
    for name, check in checks:
        try:
            results[name] = check()
        except ValidationFailed as exc:
            errors.update(exc.fields)
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        errors["message"] = [_("A message has at most 500 characters.")]
    if errors:
        raise ValidationFailed(fields=errors)
    account = results["creator"]
    try:
        with transaction.atomic():
            invite = AffiliateInvite.objects.create(seller=seller, product=product, creator=account,
                                                    rate_bps=rate_bps, message=message)
            _audit(actor, "affiliates.invite.send", invite)
            outbox_emit(topic=INVITE_TOPIC, payload={"invite": invite.public_id},
                        dedupe_key=f"affiliates.invite:{invite.public_id}")
    except IntegrityError as exc:  # the partial unique constraint: a live invitation exists (perhaps just made)
        raise Conflict(_("This creator already has an open invitation for this product. Withdraw it first."),
                       code="affiliate_invite_exists") from exc
    return invite


def _move(invite: AffiliateInvite, *, actor: object, to: str, allowed: tuple[str, ...], action: str,
          refused: str) -> AffiliateInvite:
    with transaction.atomic():
        moved = AffiliateInvite.objects.filter(pk=invite.pk, status__in=allowed).update(
            status=to, responded_at=timezone.now())
        fresh = AffiliateInvite.objects.select_related("seller", "product").get(pk=invite.pk)
        if not moved:
            if fresh.status == to:
                return fresh  # a repeated answer changes nothing
            raise Conflict(refused, code="affiliate_invite_closed")
        _audit(actor, action, fresh, before={"status": invite.status})
        return fresh


def invite_accept(*, actor: object, invite: AffiliateInvite) -> AffiliateInvite:
    """The invited creator accepts a pending invitation; from then on their sales of the product earn the
    invitation's rate when it is higher than the open one. The selectors give a creator only their own."""
    return _move(invite, actor=actor, to=S.ACCEPTED, allowed=(S.PENDING,), action="affiliates.invite.accept",
                 refused=_("This invitation is no longer open."))


def invite_decline(*, actor: object, invite: AffiliateInvite) -> AffiliateInvite:
    """The invited creator declines a pending invitation."""
    return _move(invite, actor=actor, to=S.DECLINED, allowed=(S.PENDING,), action="affiliates.invite.decline",
                 refused=_("This invitation is no longer open."))


def invite_withdraw(*, actor: object, invite: AffiliateInvite) -> AffiliateInvite:
    """The shop (owner or manager) withdraws a pending or accepted invitation: the creator's later sales earn
    the open rate only."""
    require_member(invite.seller, actor, EDITORS)
    return _move(invite, actor=actor, to=S.REVOKED, allowed=LIVE, action="affiliates.invite.withdraw",
                 refused=_("This invitation was already answered or withdrawn."))
