"""One scenario, two rule packs: a verified first-party shop submits a direct cross-border listing at USD 40 FOB.
Under ID it is refused (ID-MKT-1: the platform may not sell; ID-XB-1: below USD 100 FOB); under GB the same code
publishes it. Everything runs through the real seller and catalogue services."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lapak.market.catalog.tests import conftest as catalog_fixtures
from lapak.market.catalog.tests.conftest import VARIANT, product_data

build, english, people, region_tree, clothing = (
    catalog_fixtures.build, catalog_fixtures.english, catalog_fixtures.people, catalog_fixtures.region_tree,
    catalog_fixtures.clothing)

pytestmark = pytest.mark.django_db

FOB_USD_CENTS = 4_000
PRICE = 650_000  # rupiah: USD 40 at about Rp16,250


@pytest.fixture
def todays_rate(db):
    """A KMK rate for the week around today (listing_transition decides on today), and no positive list."""
    from lapak.compliance.models import ExchangeRate, HsListVersion

    ExchangeRate.objects.all().delete()
    HsListVersion.objects.all().delete()
    today = timezone.localdate()
    return ExchangeRate.objects.create(currency="USD", idr_per_unit=Decimal("16250"), valid_from=today - timedelta(3),
                                       valid_until=today + timedelta(3), source="KMK (uji)", created_by="test")


def first_party_shop(build, jurisdiction: str):
    """A first-party organisation verified through the real workflow (submission checks, review, decision)."""
    from lapak.market.sellers.services import application_decide, application_review_start, application_submit

    owner = build.user(full_name="Operator Retail")
    application = build.business(owner=owner, seller_type="first_party", jurisdiction=jurisdiction)
    application = application_submit(application=application, actor=owner)
    application = application_review_start(application=application, actor=build.people.operator)
    application = application_decide(application=application, actor=build.people.operator, decision="verified")
    organisation = application.organisation
    organisation.refresh_from_db()
    assert (organisation.status, organisation.seller_type, organisation.jurisdiction) == (
        "verified", "first_party", jurisdiction)
    return organisation, owner


def submit_cross_border_listing(build, clothing, jurisdiction: str):
    from lapak.market.catalog.services import listing_transition, product_create, variant_create

    shop, owner = first_party_shop(build, jurisdiction)
    product = product_create(seller=shop, actor=owner, data=product_data(
        clothing, origin="cross_border_direct", origin_country="CN", hs_code="61091000",
        fob_value_usd_cents=FOB_USD_CENTS))
    variant_create(product=product, actor=owner, data={**VARIANT, "price": PRICE})
    return listing_transition(product=product, actor=owner, to="submitted")


def decision_of(product):
    from lapak.compliance.models import Decision

    return Decision.objects.get(public_id=product.last_decision_id)


def test_in_id_the_first_party_cross_border_listing_is_refused_for_both_reasons(build, clothing, todays_rate):
    product = submit_cross_border_listing(build, clothing, "ID")
    assert product.status == "refused"
    assert sorted(r["rule_id"] for r in product.refusal_reasons) == ["ID-MKT-1", "ID-XB-1"]
    decision = decision_of(product)
    assert (decision.event, decision.jurisdiction, decision.outcome, decision.rule_pack) == (
        "listing.publish", "ID", "deny", "ID")
    reasons = {r["rule_id"]: r for r in decision.reasons}
    assert reasons["ID-XB-1"]["evidence"]["fob_usd"] == "40.00"
    assert reasons["ID-XB-1"]["evidence"]["rate_source"] == "KMK (uji)"
    assert "USD 40.00" in reasons["ID-XB-1"]["message_en"] and "produsen" in reasons["ID-MKT-1"]["message_id"]
    assert decision.evidence["seller_type"] == "first_party" and decision.party == product.seller.public_id


def test_in_gb_the_same_listing_is_allowed_and_active(build, clothing, todays_rate):
    product = submit_cross_border_listing(build, clothing, "GB")
    assert product.status == "active" and product.refusal_reasons == []
    decision = decision_of(product)
    assert (decision.jurisdiction, decision.outcome, decision.rule_pack, decision.reasons) == ("GB", "allow", "GB", [])
    assert {v["rule_id"]: v["outcome"] for v in decision.rule_versions} == {
        "GB-SEL-1": "allow", "GB-TRD-1": "allow", "GB-XB-1": "allow"}
    assert decision.evidence["trader"] == {"name": True, "address": True, "email": True, "phone": True}


@pytest.mark.parametrize(("jurisdiction", "status"), [("ID", "refused"), ("GB", "active")])
def test_the_difference_is_configuration_only(build, clothing, todays_rate, jurisdiction, status):
    """The same facts apart from the jurisdiction: only the rule pack differs."""
    product = submit_cross_border_listing(build, clothing, jurisdiction)
    facts = decision_of(product).evidence
    assert (facts["origin"], facts["fob_value_usd_cents"], facts["seller_type"], facts["seller_status"]) == (
        "cross_border_direct", FOB_USD_CENTS, "first_party", "verified")
    assert product.status == status


@pytest.mark.parametrize("jurisdiction", ["ID", "GB"])
def test_the_rule_tests_facts_have_the_real_hooks_shape(build, clothing, todays_rate, jurisdiction):
    """support.py's fact builders carry exactly the keys the real hooks send, so the rule tests ask what
    production asks (a renamed fact fails here, not silently in the rules)."""
    from lapak.compliance.models import Decision
    from lapak.compliance.tests import support

    product = submit_cross_border_listing(build, clothing, jurisdiction)
    expected = support.listing() if jurisdiction == "ID" else support.gb_listing()
    assert set(decision_of(product).evidence) == set(expected)
    verified = Decision.objects.filter(event="seller.verify", party=product.seller.public_id,
                                       evidence__to="verified").get()
    assert set(verified.evidence) == set(support.verification())
    assert set(verified.evidence["foreign_items"]) == set(support.FOREIGN_COMPLETE)
    assert set(verified.evidence["trader"]) == set(support.TRADER_COMPLETE)
