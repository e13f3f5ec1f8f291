"""Re-evaluating listings when the rules change (lapak.compliance.reevaluation with catalog's ListingSource):
batch facts equal `listing_facts`, dry runs change nothing, a real run pauses what is now refused with a
recorded decision, an audit event and an e-mail, and leaves the rest alone; the date-boundary job runs once."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from lapak.compliance.models import CertificateRequirement, Decision, ExchangeRate, ReevaluationRun, Rule
from lapak.compliance.reevaluation import rule_version_dry_run
from lapak.compliance.rule_services import rule_version_activate, rule_version_draft
from lapak.compliance.tasks import compliance_date_boundaries_request
from lapak.core.audit.models import AuditEvent
from lapak.market.catalog.compliance_subjects import ListingSource
from lapak.market.catalog.models import ListingStatus as S
from lapak.market.catalog.models import Product
from lapak.market.catalog.services import certificate_set, listing_transition, product_create, variant_create
from lapak.market.catalog.services.listing import listing_facts
from lapak.market.catalog.tests.conftest import VARIANT, product_data

pytestmark = pytest.mark.django_db
FLOOR = {"currency": "USD", "origins": ["cross_border_direct"]}


@pytest.fixture(autouse=True)
def usd_rate(db):
    today = timezone.localdate()
    if not ExchangeRate.objects.filter(currency="USD", valid_from__lte=today, valid_until__gte=today).exists():
        ExchangeRate.objects.create(currency="USD", idr_per_unit=Decimal("16000"), valid_from=today - timedelta(3),
                                    valid_until=today + timedelta(3), source="KMK test", created_by="test")


@pytest.fixture
def operator(people):
    return people.operator


def submitted(shop, owner, category, n, price=75_000, **data):
    product = product_create(seller=shop, actor=owner, data=product_data(category, title=f"Produk {n}", **data))
    variant_create(product=product, actor=owner, data={**VARIANT, "sku": f"SKU-{n}", "price": price})
    return listing_transition(product=product, actor=owner, to="submitted")


def cross_border(shop, owner, category, n, fob_cents):
    return submitted(shop, owner, category, n, price=2_000_000, origin="cross_border_direct", origin_country="CN",
                     hs_code="61091000", fob_value_usd_cents=fob_cents)


def floor_version(operator, cents):
    return rule_version_draft(rule=Rule.objects.get(rule_id="ID-XB-1"),
                              parameters={**FLOOR, "floor_usd_cents": cents},
                              effective_from=timezone.localdate(), actor=operator)


def listing_run():
    return ReevaluationRun.objects.filter(event="listing.publish").latest("pk")


def test_batch_facts_equal_listing_facts(shop, owner, clothing):
    domestic = submitted(shop, owner, clothing, 1)
    certificate_set(product=domestic, actor=owner, kind="sni", number="SPPT-SNI 0123/LSPro/2025")
    allowed = cross_border(shop, owner, clothing, 2, 12_000)
    refused = cross_border(shop, owner, clothing, 3, 8_000)
    paused_by_seller = submitted(shop, owner, clothing, 4)
    listing_transition(product=paused_by_seller, actor=owner, to="paused")
    assert (allowed.status, refused.status) == (S.ACTIVE, S.REFUSED)
    rows = ListingSource().batches("ID", 0, 100)
    assert [r.subject_id for r in rows] == [p.public_id for p in (domestic, allowed, refused)]
    for row in rows:
        assert row.facts == listing_facts(Product.objects.get(pk=row.pk))
    assert [r.allowed_now for r in rows] == [True, True, False]
    assert ListingSource().batches("ID", rows[1].pk, 1) == rows[2:]
    assert ListingSource().batches("GB", 0, 100) == []


def test_dry_run_counts_and_changes_nothing(shop, owner, clothing, operator, django_capture_on_commit_callbacks):
    domestic, xb = submitted(shop, owner, clothing, 1), cross_border(shop, owner, clothing, 2, 12_000)
    decisions = Decision.objects.count()
    version = floor_version(operator, 15_000)
    with django_capture_on_commit_callbacks(execute=True):
        runs = rule_version_dry_run(version=version, actor=operator)
    assert [r.event for r in runs] == ["listing.publish"]
    run = listing_run()
    assert (run.status, run.dry_run, run.candidate_id) == ("done", True, version.pk)
    assert (run.examined, run.changed, run.restored) == (2, 1, 0)
    assert run.examples[0]["subject_id"] == xb.public_id and run.examples[0]["change"] == "refused"
    assert run.examples[0]["reasons"][0]["rule_id"] == "ID-XB-1"
    assert Decision.objects.count() == decisions
    assert set(Product.objects.values_list("status", flat=True)) == {S.ACTIVE}
    version.refresh_from_db()
    assert version.status == "draft" and domestic.pk


def test_activation_pauses_the_now_refused_listing_and_leaves_the_rest(shop, owner, clothing, operator,
                                                                      django_capture_on_commit_callbacks):
    domestic, xb = submitted(shop, owner, clothing, 1), cross_border(shop, owner, clothing, 2, 12_000)
    domestic_decisions = Decision.objects.filter(subject_id=domestic.public_id).count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rule_version_activate(version=floor_version(operator, 15_000), actor=operator)
    run = listing_run()
    assert (run.status, run.dry_run, run.examined, run.changed, run.restored) == ("done", False, 2, 1, 0)
    xb.refresh_from_db()
    domestic.refresh_from_db()
    assert xb.status == S.PAUSED and xb.refusal_reasons[0]["rule_id"] == "ID-XB-1"
    decision = Decision.objects.get(public_id=xb.last_decision_id)
    assert decision.outcome == "deny" and decision.evidence["trigger"] == f"reevaluation:{run.public_id}"
    assert any((v["rule_id"], v["version"], v["outcome"]) == ("ID-XB-1", 2, "deny") for v in decision.rule_versions)
    assert AuditEvent.objects.filter(action="catalog.listing.paused", subject_id=xb.public_id).count() == 1
    assert domestic.status == S.ACTIVE
    assert Decision.objects.filter(subject_id=domestic.public_id).count() == domestic_decisions
    [letter] = mail.outbox
    assert letter.to == [owner.email] and "Produk 2" in letter.subject
    # Resuming asks again: still refused under the new floor.
    listing_transition(product=xb, actor=owner, to="active")
    xb.refresh_from_db()
    assert xb.status == S.REFUSED


def test_refused_listings_the_new_version_would_allow_are_counted_as_restored(
        shop, owner, clothing, operator, django_capture_on_commit_callbacks):
    low = cross_border(shop, owner, clothing, 1, 8_000)
    assert low.status == S.REFUSED
    with django_capture_on_commit_callbacks(execute=True):
        rule_version_dry_run(version=floor_version(operator, 5_000), actor=operator)
    assert (listing_run().changed, listing_run().restored) == (0, 1)
    assert listing_run().examples[0]["change"] == "allowed"
    with django_capture_on_commit_callbacks(execute=True):
        rule_version_activate(version=floor_version(operator, 5_000), actor=operator)
    assert (listing_run().dry_run, listing_run().restored) == (False, 1)
    low.refresh_from_db()
    assert low.status == S.REFUSED  # counted only: the seller submits it again


def test_seller_paused_and_operator_refused_listings_are_not_swept(shop, owner, clothing, operator,
                                                                   django_capture_on_commit_callbacks):
    xb = cross_border(shop, owner, clothing, 1, 12_000)
    listing_transition(product=xb, actor=owner, to="paused")
    with django_capture_on_commit_callbacks(execute=True):
        rule_version_activate(version=floor_version(operator, 15_000), actor=operator)
    assert listing_run().examined == 0
    xb.refresh_from_db()
    assert xb.status == S.PAUSED and xb.refusal_reasons == []


def test_the_date_boundary_job_requests_once_a_day(shop, owner, clothing, django_capture_on_commit_callbacks):
    listing = submitted(shop, owner, clothing, 1)
    today = timezone.localdate()
    CertificateRequirement.objects.create(jurisdiction="ID", category_slug=clothing.slug, kind="sni",
                                          effective_from=today, created_by="test")
    with django_capture_on_commit_callbacks(execute=True):
        first = compliance_date_boundaries_request(on=today)
    assert [(r.jurisdiction, r.event) for r in first] == [("ID", "listing.publish")]
    listing.refresh_from_db()
    assert listing.status == S.PAUSED and listing.refusal_reasons[0]["rule_id"] == "ID-PRD-1"
    with django_capture_on_commit_callbacks(execute=True):
        again = compliance_date_boundaries_request(on=today)
    assert again == [] and ReevaluationRun.objects.filter(cause=f"date boundary {today}").count() == 1


def test_operator_refusals_are_left_to_operators_and_apply_rechecks_under_the_lock(shop, owner, clothing, operator):
    by_operator, by_rules = submitted(shop, owner, clothing, 1), submitted(shop, owner, clothing, 2)
    Product.objects.filter(pk=by_operator.pk).update(status=S.REFUSED, refusal_reasons=[
        {"rule_id": "OPERATOR", "message_id": "Foto palsu.", "message_en": "Fake photos."}])
    Product.objects.filter(pk=by_rules.pk).update(status=S.REFUSED, refusal_reasons=[
        {"rule_id": "ID-XB-1", "message_id": "", "message_en": ""}])
    assert [r.subject_id for r in ListingSource().batches("ID", 0, 10)] == [by_rules.public_id]
    # A listing the seller paused after the batch was read is not paused by the run, and nothing is recorded.
    paused = submitted(shop, owner, clothing, 3)
    listing_transition(product=paused, actor=owner, to="paused")
    run = ReevaluationRun.objects.create(jurisdiction="ID", event="listing.publish", cause="t", on=timezone.localdate(),
                                         requested_by="t")
    decisions = Decision.objects.count()
    assert ListingSource().apply(paused.public_id, None, run) is False
    assert Decision.objects.count() == decisions
    # An active listing the rules still allow: decided again (recorded), not paused.
    active = submitted(shop, owner, clothing, 4)
    decisions = Decision.objects.count()
    assert ListingSource().apply(active.public_id, None, run) is False
    assert Decision.objects.count() == decisions + 1
    active.refresh_from_db()
    assert active.status == S.ACTIVE



def test_a_listing_an_operator_put_on_sale_stays_on_sale_through_a_sweep(shop, owner, clothing, operator,
                                                                        django_capture_on_commit_callbacks):
    from lapak.compliance.decision_services import decision_override
    from lapak.compliance.selectors import decision_get

    xb = cross_border(shop, owner, clothing, 1, 8_000)  # below the floor: refused by ID-XB-1
    assert xb.status == S.REFUSED
    with django_capture_on_commit_callbacks(execute=True):
        decision_override(decision=decision_get(public_id=xb.last_decision_id), actor=operator, outcome="allow",
                          reason="Checked: the FOB declared was a typo; the customs value is higher.")
    xb.refresh_from_db()
    assert xb.status == S.ACTIVE
    # Another rule of the event gets a new version: the sweep asks every listing again.
    other = rule_version_draft(rule=Rule.objects.get(rule_id="ID-MKT-1"),
                               parameters={"refused_seller_types": ["first_party"]},
                               effective_from=timezone.localdate(), actor=operator)
    with django_capture_on_commit_callbacks(execute=True):
        rule_version_activate(version=other, actor=operator)
    xb.refresh_from_db()
    assert xb.status == S.ACTIVE  # the rules alone would pause it, but the override on the same facts stands
    latest = Decision.objects.filter(subject_id=xb.public_id).latest("pk")
    assert latest.outcome == "allow" and [r["rule_id"] for r in latest.reasons][:2] == ["OVERRIDE", "ID-XB-1"]
    assert latest.evidence["trigger"] == f"reevaluation:{listing_run().public_id}"
    # A stricter floor is a version of the rule the operator never saw: the override lapses and the sweep pauses.
    with django_capture_on_commit_callbacks(execute=True):
        rule_version_activate(version=floor_version(operator, 15_000), actor=operator)
    xb.refresh_from_db()
    assert xb.status == S.PAUSED and xb.refusal_reasons[0]["rule_id"] == "ID-XB-1"
