"""The listing lifecycle: the one service that moves a product between states, and the decision it asks for."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lapak.compliance.services import DecisionResult, compliance_decide
from lapak.core.audit.services import audit_append
from lapak.core.errors import NotFound, PermissionDenied, ValidationFailed
from lapak.market.catalog.errors import ListingTransitionNotAllowed
from lapak.market.catalog.models import ListingStatus as S
from lapak.market.catalog.models import Product
from lapak.market.catalog.services.common import product_for_update, reindex
from lapak.market.catalog.transitions import OPERATOR, SELLER, SYSTEM, transition_allowed
from lapak.market.sellers.compliance_facts import organisation_trader_details
from lapak.market.sellers.permissions import EDITORS, actor_label, is_operator, member_role_of
from lapak.market.sellers.selectors import seller_require_verified


def listing_required_certificates_missing(product: Product) -> list[str]:
    """The certificate kinds the product's category lists that the product lacks or holds expired.

    This is the catalogue's completeness check on its own data; the rules (ID-PRD-1 with dated requirements,
    ID-PRD-2's halal dates) are the engine's and receive the certificates at `listing.publish`.
    """
    return _missing(product, product.certificates.values_list("kind", "expires_on"))


def _missing(product: Product, held: Iterable[tuple[str, date | None]]) -> list[str]:
    today = timezone.localdate()
    valid = {kind for kind, expires in held if expires is None or expires >= today}
    return [kind for kind in product.category.required_certificates if kind not in valid]


def _actor_kind(product: Product, actor: object, source: str, to: str) -> str:
    role = member_role_of(product.seller, actor)
    if role in EDITORS and transition_allowed(source, to, SELLER):
        return SELLER
    if is_operator(actor):
        return OPERATOR
    if role in EDITORS:
        return SELLER  # the table check refuses the step
    if role is not None:  # staff see the shop's products but do not decide what is on sale
        raise PermissionDenied(_("Your role in this shop does not allow this."), code="seller_role_insufficient")
    raise NotFound(_("There is no such product."), code="product_not_found")


def _submission_check(product: Product) -> None:
    fields: dict[str, list] = {}
    for kind in listing_required_certificates_missing(product):
        fields.setdefault(f"certificates.{kind}", []).append(
            _("This category needs a valid %(kind)s certificate.") % {"kind": kind.upper()})
    if not product.variants.filter(is_active=True).exists():
        fields["variants"] = [_("Add at least one variant with a price.")]
    if product.seller.jurisdiction == "ID" and not product.description_id:
        fields["description_id"] = [_("Write a description in Bahasa Indonesia.")]
    if fields:
        raise ValidationFailed(_("The listing is not complete yet."), fields=fields)


def listing_facts(product: Product) -> dict:
    """What the compliance engine is told about a listing (also stored with the decision as evidence)."""
    prices = list(product.variants.filter(is_active=True).values_list("price", flat=True))
    rows = list(product.certificates.values_list("kind", "number", "expires_on"))
    certificates = [{"kind": kind, "number": number, "expires_on": expires and expires.isoformat()}
                    for kind, number, expires in rows]
    seller = product.seller
    facts = {
        "product": product.public_id, "category": product.category.slug,
        "category_required_certificates": list(product.category.required_certificates),
        "halal_food": product.category.halal_food, "certificates": certificates,
        "certificates_present": sorted({c["kind"] for c in certificates}),
        "certificates_missing": _missing(product, [(kind, expires) for kind, _number, expires in rows]),
        "origin": product.origin, "origin_country": product.origin_country, "hs_code": product.hs_code,
        "fob_value_usd_cents": product.fob_value_usd_cents, "price_min": min(prices, default=None),
        "price_max": max(prices, default=None), "description_id_present": bool(product.description_id.strip()),
        "seller": seller.public_id, "seller_type": seller.seller_type, "seller_status": seller.status,
        "seller_umkm_class": seller.umkm_class, "jurisdiction": seller.jurisdiction,
    }
    if seller.jurisdiction != "ID":  # trader details are shown on listings where the pack requires it (GB-TRD-1)
        facts["trader"] = {k: bool(v) for k, v in organisation_trader_details(seller).items()}
    return facts


def listing_decide(*, product: Product, actor: object, trigger: str) -> DecisionResult:
    """Ask the engine about a locked product, inside the caller's transaction."""
    facts = listing_facts(product)
    facts["trigger"] = trigger
    return compliance_decide(
        event="listing.publish", jurisdiction=product.seller.jurisdiction, subject_type="product",
        subject_id=product.public_id, facts=facts, actor=actor_label(actor), party=product.seller.public_id,
    )


def listing_apply_decision(*, product: Product, actor: object, decision: DecisionResult, source: str,
                           landing: str) -> Product:
    """Move a locked product to `landing` if allowed, else to refused with the decision's reasons; audit it."""
    if decision.allowed:
        product.status, product.refusal_reasons = landing, []
    elif decision.outcome == "review" and product.status == S.SUBMITTED:
        product.status, product.refusal_reasons = S.SUBMITTED, []
    else:
        product.status = S.REFUSED
        product.refusal_reasons = list(decision.details)
    product.last_decision_id = decision.decision_id
    if product.status == S.ACTIVE and product.published_at is None:
        product.published_at = timezone.now()
    product.save(update_fields=["status", "refusal_reasons", "last_decision_id", "published_at", "updated_at"])
    _audit(product, actor, source, decision.as_dict())
    reindex(product)
    return product


def _audit(product: Product, actor: object, source: str, decision: dict | None) -> None:
    audit_append(
        actor=actor_label(actor), action=f"catalog.listing.{product.status}", subject_type="product",
        subject_id=product.public_id, jurisdiction=product.seller.jurisdiction, before={"status": source},
        after={"status": product.status, "refusal_reasons": product.refusal_reasons}, decision=decision,
    )


def listing_transition(*, product: Product, actor: object, to: str, reasons: list[str] | None = None) -> Product:
    """Move a listing one step along `transitions.TRANSITIONS`, or raise.

    Guarantees: the product row is locked and its state re-read, so of two racing calls exactly one takes a
    given step and the other gets ListingTransitionNotAllowed; only a verified seller's listing becomes active
    (`seller_require_verified`); submitting needs the category's certificates, a variant and (in ID) an
    Indonesian description; every step to active asks the compliance engine (`listing.publish`) and any
    answer but allow lands the listing in refused with the decision's reasons; every step writes one audit
    event in the same transaction. `reasons` is for an operator's refusal and required there.
    """
    if to not in S.values:
        raise ValidationFailed(fields={"to": [_("Unknown listing state.")]})
    with transaction.atomic():
        locked = product_for_update().get(pk=product.pk)
        source = locked.status
        kind = _actor_kind(locked, actor, source, to)
        if not transition_allowed(source, to, kind):
            raise ListingTransitionNotAllowed()
        if to == S.SUBMITTED:
            seller_require_verified(locked.seller)
            _submission_check(locked)
            locked.status = S.SUBMITTED  # a "review" answer leaves it here
            decision = listing_decide(product=locked, actor=actor, trigger="submit")
            return listing_apply_decision(product=locked, actor=actor, decision=decision, source=source,
                                          landing=S.ACTIVE)
        if to == S.ACTIVE:
            seller_require_verified(locked.seller)
            if kind == SELLER:  # resuming: the rules or the seller may have changed while paused
                decision = listing_decide(product=locked, actor=actor, trigger="resume")
                return listing_apply_decision(product=locked, actor=actor, decision=decision, source=source,
                                              landing=S.ACTIVE)
        if to == S.REFUSED:
            texts = [str(r).strip() for r in (reasons or []) if str(r).strip()]
            if not texts:
                raise ValidationFailed(fields={"reasons": [_("Say why the listing is refused.")]})
            locked.refusal_reasons = [{"rule_id": "OPERATOR", "message_id": t, "message_en": t} for t in texts]
        if to == S.ACTIVE and locked.published_at is None:
            locked.published_at = timezone.now()
        locked.status = to
        locked.save(update_fields=["status", "refusal_reasons", "published_at", "updated_at"])
        _audit(locked, actor, source, None)
        reindex(locked)
    return locked


def listing_redecide(*, product: Product, actor: object, trigger: str) -> Product:
    """After an edit of a live listing (price, origin, certificates), ask again; a non-allow refuses it.

    Call inside the edit's transaction with the product locked. Paused listings are asked when resumed.
    """
    if product.status != S.ACTIVE:
        return product
    assert transition_allowed(S.ACTIVE, S.REFUSED, SYSTEM)
    decision = listing_decide(product=product, actor=actor, trigger=trigger)
    return listing_apply_decision(product=product, actor=actor, decision=decision, source=S.ACTIVE,
                                  landing=S.ACTIVE)
