"""A listing follows an operator's override of its compliance decision (the outbox handler of
compliance.decision_overridden): allow puts a refused listing on sale, deny refuses a live one."""

from __future__ import annotations

import pytest

from lapak.compliance.decision_services import decision_override
from lapak.compliance.models import Decision
from lapak.compliance.selectors import decision_get
from lapak.core.audit.models import AuditEvent
from lapak.market.catalog.models import ListingStatus as S
from lapak.market.catalog.services import listing_transition
from lapak.market.catalog.services.overrides import listing_follow_override
from lapak.market.catalog.tests.conftest import VARIANT, product_data
from lapak.market.sellers.models import SellerOrganisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(people):
    return people.operator


@pytest.fixture
def refused(shop, draft, owner):
    """A first-party shop's listing, refused by the real engine in ID (ID-MKT-1)."""
    SellerOrganisation.objects.filter(pk=shop.pk).update(seller_type="first_party")
    draft.seller.refresh_from_db()
    product = listing_transition(product=draft, actor=owner, to="submitted")
    assert product.status == S.REFUSED and product.refusal_reasons[0]["rule_id"] == "ID-MKT-1"
    return product


def override(product, operator, outcome, capture, reason="Checked by the compliance team."):
    decision = decision_get(public_id=product.last_decision_id)
    with capture(execute=True):
        decision_override(decision=decision, actor=operator, outcome=outcome, reason=reason)
    product.refresh_from_db()
    return product


def test_an_allow_override_puts_the_refused_listing_on_sale(refused, operator, django_capture_on_commit_callbacks):
    product = override(refused, operator, "allow", django_capture_on_commit_callbacks)
    assert (product.status, product.refusal_reasons) == (S.ACTIVE, [])
    assert product.published_at is not None
    audit = AuditEvent.objects.filter(action="catalog.listing.active", subject_id=product.public_id).latest("pk")
    assert audit.actor == operator.public_id and audit.before == {"status": "refused"}
    assert audit.decision["override"]["outcome"] == "allow"
    assert listing_follow_override(decision_id=product.last_decision_id) is None  # a redelivery changes nothing


def test_a_deny_override_refuses_a_live_listing_with_the_operators_reason(active, operator,
                                                                          django_capture_on_commit_callbacks):
    product = override(active, operator, "deny", django_capture_on_commit_callbacks, reason="Counterfeit brand.")
    assert product.status == S.REFUSED
    assert product.refusal_reasons[0]["rule_id"] == "OPERATOR"
    assert product.refusal_reasons[0]["message_en"] == "Counterfeit brand."
    assert AuditEvent.objects.filter(action="catalog.listing.refused", subject_id=product.public_id).exists()


def test_a_paused_by_the_rules_listing_is_resumed_but_a_seller_pause_is_kept(
        active, owner, operator, django_capture_on_commit_callbacks):
    paused = listing_transition(product=active, actor=owner, to="paused")
    assert paused.refusal_reasons == []
    deny = Decision.objects.get(public_id=paused.last_decision_id)
    Decision.objects.filter(pk=deny.pk).update(outcome="deny")  # as if the rules refused it since
    assert listing_follow_override(decision_id=deny.public_id) is None  # no override yet
    product = override(paused, operator, "allow", django_capture_on_commit_callbacks)
    assert product.status == S.PAUSED  # the seller paused it; an override does not resume it for them


def test_an_override_of_an_older_decision_changes_nothing(refused, owner, operator, shop,
                                                          django_capture_on_commit_callbacks):
    first = refused.last_decision_id
    SellerOrganisation.objects.filter(pk=shop.pk).update(seller_type="individual")
    back = listing_transition(product=refused, actor=owner, to="draft")
    live = listing_transition(product=back, actor=owner, to="submitted")
    assert live.status == S.ACTIVE and live.last_decision_id != first
    with django_capture_on_commit_callbacks(execute=True):
        decision_override(decision=decision_get(public_id=first), actor=operator, outcome="allow", reason="late")
    live.refresh_from_db()
    assert live.status == S.ACTIVE and live.last_decision_id != first
    assert not AuditEvent.objects.filter(action="catalog.listing.active", actor=operator.public_id).exists()


def test_other_subjects_are_left_alone(shop, owner, clothing, operator, django_capture_on_commit_callbacks):
    from lapak.market.catalog.services import product_create, variant_create

    product = product_create(seller=shop, actor=owner, data=product_data(clothing))
    variant_create(product=product, actor=owner, data=dict(VARIANT))
    decision = Decision.objects.create(event="seller.verify", jurisdiction="ID", subject_type="seller_application",
                                       subject_id=product.public_id, party=shop.public_id, actor="system",
                                       outcome="deny", rule_pack="ID")
    with django_capture_on_commit_callbacks(execute=True):
        decision_override(decision=decision, actor=operator, outcome="allow", reason="Documents fine.")
    product.refresh_from_db()
    assert product.status == S.DRAFT


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_editor_explains_a_refusal_in_the_sellers_language_and_links_the_decision(refused, owner, language):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(owner)
    page = client.get(f"/seller/catalog/{refused.seller.public_id}/products/{refused.public_id}/").content.decode()
    reason = refused.refusal_reasons[0]
    other = "id" if language == "en" else "en"
    assert "ID-MKT-1" in page
    if "title_en" in reason:  # the listing service stores the full reasons
        assert reason[f"title_{language}"] in page and reason[f"title_{other}"] not in page
    assert reason[f"message_{language}"][:40] in page
    assert f"/seller/compliance/{refused.seller.public_id}/decisions/{refused.last_decision_id}/" in page


def test_the_editor_still_shows_reasons_stored_before_titles_were_kept(refused, owner):
    from django.test import Client

    from lapak.market.catalog.models import Product

    Product.objects.filter(pk=refused.pk).update(refusal_reasons=[
        {"rule_id": "ID-PRD-1", "message_id": "Produk tidak diizinkan.", "message_en": "The product is not allowed."}])
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(owner)
    page = client.get(f"/seller/catalog/{refused.seller.public_id}/products/{refused.public_id}/").content.decode()
    assert 'id="refusal-reasons"' in page and "Produk tidak diizinkan." in page and "ID-PRD-1" in page


def test_the_editor_explains_a_listing_the_rules_paused(refused, owner):
    from django.test import Client

    from lapak.market.catalog.models import Product

    Product.objects.filter(pk=refused.pk).update(status=S.PAUSED)  # as a re-evaluation leaves it
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(owner)
    page = client.get(f"/seller/catalog/{refused.seller.public_id}/products/{refused.public_id}/").content.decode()
    assert "Why the rules paused the listing:" in page and "ID-MKT-1" in page


def test_the_override_stands_on_the_same_facts_and_lapses_when_they_change(refused, owner, operator,
                                                                          django_capture_on_commit_callbacks):
    from lapak.market.catalog.services import variant_update

    product = override(refused, operator, "allow", django_capture_on_commit_callbacks)
    # The seller pauses and resumes: decided again on the same facts, the operator's override still stands.
    listing_transition(product=product, actor=owner, to=S.PAUSED)
    product = listing_transition(product=product, actor=owner, to=S.ACTIVE)
    again = Decision.objects.get(public_id=product.last_decision_id)
    assert product.status == S.ACTIVE and again.outcome == "allow"
    assert [r["rule_id"] for r in again.reasons] == ["OVERRIDE", "ID-MKT-1"]  # the rule's finding stays on record
    assert again.reasons[0]["message_en"] == "Checked by the compliance team."
    # A new price is a new listing as far as the override goes: the rules decide alone again.
    variant_update(variant=product.variants.get(), actor=owner, data={"price": VARIANT["price"] + 1_000})
    product.refresh_from_db()
    latest = Decision.objects.get(public_id=product.last_decision_id)
    assert product.status == S.REFUSED and [r["rule_id"] for r in latest.reasons] == ["ID-MKT-1"]


def test_the_override_lapses_when_a_rule_the_operator_never_saw_refuses(refused, owner, operator, clothing,
                                                                        django_capture_on_commit_callbacks):
    from django.utils import timezone

    from lapak.compliance.models import CertificateRequirement

    product = override(refused, operator, "allow", django_capture_on_commit_callbacks)
    assert product.status == S.ACTIVE
    CertificateRequirement.objects.create(jurisdiction="ID", category_slug=clothing.slug, kind="sni",
                                          effective_from=timezone.localdate(), created_by="test")
    listing_transition(product=product, actor=owner, to=S.PAUSED)
    product = listing_transition(product=product, actor=owner, to=S.ACTIVE)  # the same facts, a new finding
    latest = Decision.objects.get(public_id=product.last_decision_id)
    assert product.status == S.REFUSED and latest.outcome == "deny"
    assert {r["rule_id"] for r in latest.reasons} == {"ID-MKT-1", "ID-PRD-1"}
