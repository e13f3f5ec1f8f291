"""A compliance decision about a listing that an operator overrode: the listing follows the new outcome.

Called by the outbox handler of `compliance.decision_overridden` (handlers.listing_follow_override), after the
override committed, at least once: applying the same override again changes nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lapak.compliance.models import Outcome
from lapak.compliance.selectors import decision_get, decision_is_latest, override_of
from lapak.core.audit.services import audit_append
from lapak.core.errors import NotFound
from lapak.market.catalog.models import ListingStatus as S
from lapak.market.catalog.models import Product
from lapak.market.catalog.services.common import product_for_update, reindex
from lapak.market.catalog.transitions import SYSTEM, transition_allowed
from lapak.market.sellers.selectors import seller_can_sell

EVENT = "listing.publish"
# A listing the rules kept off sale: refused, paused by a re-evaluation (it keeps the reasons), or waiting for
# review. A listing the seller paused has no reasons and stays paused.
HELD = frozenset({S.REFUSED, S.PAUSED, S.SUBMITTED})
LIVE = frozenset({S.ACTIVE, S.PAUSED, S.SUBMITTED})


def _target(product: Product, outcome: str) -> str | None:
    if outcome == Outcome.ALLOW and product.status in HELD:
        if product.status == S.PAUSED and not product.refusal_reasons:
            return None
        return S.ACTIVE if seller_can_sell(product.seller) else None
    if outcome == Outcome.DENY and product.status in LIVE:
        return S.REFUSED
    return None


def listing_follow_override(*, decision_id: str) -> Product | None:
    """Move the listing a `listing.publish` decision was about to what its override says, if that decision
    still governs the listing; None when nothing changed.

    Guarantees: the product row is locked and re-read; only the newest decision about the listing is followed (an
    override of an older one is history); allow puts a refused, decision-paused or submitted listing on sale
    (only while the shop may sell), deny refuses a live, paused or submitted one with the operator's reason; a
    review override, or a listing already where the override puts it, changes nothing; each move is a SYSTEM
    step of `transitions.TRANSITIONS`, audited with the override, in one transaction.
    """
    try:
        decision = decision_get(public_id=decision_id)
    except NotFound:
        return None
    override = override_of(decision)
    if override is None or decision.subject_type != "product" or decision.event != EVENT:
        return None
    with transaction.atomic():
        product = product_for_update().filter(public_id=decision.subject_id).first()
        if product is None or not decision_is_latest(decision):
            return None
        source, target = product.status, _target(product, override.outcome)
        if target is None or not transition_allowed(source, target, SYSTEM):
            return None
        product.status = target
        if target == S.ACTIVE:
            product.refusal_reasons = []
            product.published_at = product.published_at or timezone.now()
        else:
            product.refusal_reasons = [{
                "rule_id": "OPERATOR", "decision_id": decision.public_id, "outcome": Outcome.DENY,
                "title_id": "Keputusan petugas", "title_en": "An operator's decision",
                "message_id": override.reason, "message_en": override.reason, "remedy_id": "", "remedy_en": ""}]
        product.save(update_fields=["status", "refusal_reasons", "published_at", "updated_at"])
        audit_append(
            actor=override.operator or "system", action=f"catalog.listing.{target}", subject_type="product",
            subject_id=product.public_id, jurisdiction=product.seller.jurisdiction, before={"status": source},
            after={"status": target, "refusal_reasons": product.refusal_reasons},
            decision={"decision_id": decision.public_id, "outcome": decision.outcome,
                      "override": {"outcome": override.outcome, "reason": override.reason,
                                   "operator": override.operator}},
        )
        reindex(product)
    return product
