"""The listing lifecycle: every legal step, illegal ones refused, verification and compliance gates."""

from __future__ import annotations

import pytest

from lapak.core.audit.models import AuditEvent
from lapak.core.errors import NotFound, ValidationFailed
from lapak.market.catalog.errors import ListingTransitionNotAllowed
from lapak.market.catalog.models import ListingStatus as S
from lapak.market.catalog.services import listing as listing_module
from lapak.market.catalog.services import listing_transition, product_create, variant_create
from lapak.market.catalog.tests.conftest import VARIANT, deny_with, product_data
from lapak.market.catalog.transitions import TRANSITIONS, allowed_targets
from lapak.market.sellers.errors import SellerNotVerified

pytestmark = pytest.mark.django_db


def _step(product, actor, to, **kwargs):
    return listing_transition(product=product, actor=actor, to=to, **kwargs)


def test_submit_asks_compliance_and_activates_with_an_audit_event(draft, owner):
    from lapak.compliance.models import Decision

    product = _step(draft, owner, S.SUBMITTED)
    assert product.status == S.ACTIVE and product.published_at is not None
    decision = Decision.objects.get(public_id=product.last_decision_id)
    assert decision.event == "listing.publish" and decision.subject_id == product.public_id
    assert decision.evidence["category"] == "pakaian" and decision.evidence["origin"] == "domestic"
    assert decision.evidence["seller_type"] == "individual" and decision.evidence["jurisdiction"] == "ID"
    event = AuditEvent.objects.get(subject_id=product.public_id, action="catalog.listing.active")
    assert event.before == {"status": "draft"} and event.decision["outcome"] == "allow"


def test_pause_resume_remove(active, owner):
    assert _step(active, owner, S.PAUSED).status == S.PAUSED
    assert _step(active, owner, S.ACTIVE).status == S.ACTIVE
    assert _step(active, owner, S.PAUSED).status == S.PAUSED
    assert _step(active, owner, S.REMOVED).status == S.REMOVED
    for target in (S.ACTIVE, S.PAUSED, S.DRAFT, S.SUBMITTED):
        with pytest.raises(ListingTransitionNotAllowed):
            _step(active, owner, target)


def test_active_and_draft_can_be_removed(draft, owner):
    assert _step(draft, owner, S.REMOVED).status == S.REMOVED


def test_compliance_denial_refuses_with_reasons_then_back_to_draft(draft, owner, monkeypatch):
    monkeypatch.setattr(listing_module, "compliance_decide", deny_with())
    product = _step(draft, owner, S.SUBMITTED)
    assert product.status == S.REFUSED
    assert product.refusal_reasons == [{"rule_id": "ID-PRD-1", "outcome": "deny",
                                        "message_id": "Produk tidak diizinkan.",
                                        "message_en": "The product is not allowed."}]
    product.refresh_from_db()
    assert product.status == S.REFUSED  # the refusal is committed, not rolled back
    with pytest.raises(ListingTransitionNotAllowed):
        _step(product, owner, S.ACTIVE)
    assert _step(product, owner, S.DRAFT).status == S.DRAFT
    monkeypatch.undo()
    assert _step(product, owner, S.SUBMITTED).status == S.ACTIVE


def test_review_outcome_leaves_it_submitted_for_an_operator(draft, owner, people, monkeypatch):
    monkeypatch.setattr(listing_module, "compliance_decide", deny_with(outcome="review"))
    product = _step(draft, owner, S.SUBMITTED)
    assert product.status == S.SUBMITTED
    with pytest.raises(ListingTransitionNotAllowed):
        _step(product, owner, S.ACTIVE)  # the seller cannot approve their own listing
    with pytest.raises(ValidationFailed) as caught:
        _step(product, people.operator, S.REFUSED)
    assert "reasons" in caught.value.fields
    product = _step(product, people.operator, S.REFUSED, reasons=["Foto tidak sesuai."])
    assert product.status == S.REFUSED and product.refusal_reasons[0]["message_en"] == "Foto tidak sesuai."


def test_operator_approves_a_submitted_listing(draft, owner, people, monkeypatch):
    monkeypatch.setattr(listing_module, "compliance_decide", deny_with(outcome="review"))
    product = _step(draft, owner, S.SUBMITTED)
    assert _step(product, people.operator, S.ACTIVE).status == S.ACTIVE


def test_resume_is_asked_again_and_refused_on_deny(active, owner, monkeypatch):
    _step(active, owner, S.PAUSED)
    monkeypatch.setattr(listing_module, "compliance_decide", deny_with())
    assert _step(active, owner, S.ACTIVE).status == S.REFUSED


def test_unverified_seller_cannot_publish(build, people, clothing):
    organisation = build.individual().organisation  # still a draft application: unverified
    product = product_create(seller=organisation, actor=people.owner, data=product_data(clothing))
    variant_create(product=product, actor=people.owner, data=dict(VARIANT))
    with pytest.raises(SellerNotVerified):
        _step(product, people.owner, S.SUBMITTED)
    product.refresh_from_db()
    assert product.status == S.DRAFT


def test_missing_required_certificates_block_submission_per_field(shop, owner, snacks):
    product = product_create(seller=shop, actor=owner, data=product_data(snacks, title="Keripik Singkong"))
    with pytest.raises(ValidationFailed) as caught:
        _step(product, owner, S.SUBMITTED)
    assert set(caught.value.fields) == {"certificates.bpom", "certificates.halal", "variants"}
    product.refresh_from_db()
    assert product.status == S.DRAFT


def test_strangers_do_not_see_the_product_and_steps_outside_the_table_fail(draft, owner, people):
    with pytest.raises(NotFound):
        _step(draft, people.stranger, S.SUBMITTED)
    with pytest.raises(ListingTransitionNotAllowed):
        _step(draft, owner, S.PAUSED)
    with pytest.raises(ListingTransitionNotAllowed):
        _step(draft, owner, S.ACTIVE)
    with pytest.raises(ValidationFailed):
        _step(draft, owner, "published")


def test_table_offers_buttons_per_actor():
    assert allowed_targets(S.DRAFT, "seller") == [S.SUBMITTED, S.REMOVED]
    assert set(allowed_targets(S.SUBMITTED, "operator")) == {S.ACTIVE, S.REFUSED}
    assert all(src != S.REMOVED for src, _target in TRANSITIONS)


def test_staff_may_not_publish_or_edit(draft, owner, shop, make_user):
    from lapak.core.errors import PermissionDenied
    from lapak.market.catalog.services import product_update
    from lapak.market.sellers.services import member_add

    staff = make_user(email="staff@example.test")
    member_add(organisation=shop, actor=owner, user=staff, role="staff")
    with pytest.raises(PermissionDenied):
        _step(draft, staff, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        product_update(product=draft, actor=staff, data={"title": "Kaos Curian"})
    draft.refresh_from_db()
    assert draft.status == S.DRAFT and draft.title == "Kaos Katun Lengan Pendek"
