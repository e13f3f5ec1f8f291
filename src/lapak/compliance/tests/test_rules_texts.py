"""Every rule of both packs has a refusal (or hold) scenario here, and its explanation reads fully in both
languages: no `{placeholder}` left, nothing empty in brackets, a legal basis, what to do."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lapak.compliance.models import Decision
from lapak.compliance.tests import support
from lapak.compliance.tests.support import (
    FOREIGN_COMPLETE,
    assert_explained,
    cross_border,
    decide,
    escrow,
    gb_listing,
    listing,
    pack_rule_ids,
    payout,
    reason,
    verification,
)

reference = support.reference
pytestmark = pytest.mark.django_db

WINDOW_ENDS = datetime(2026, 11, 4, 17, 0, tzinfo=ZoneInfo("Asia/Jakarta"))

SCENARIOS = {  # rule id → (event, facts, jurisdiction, day, expected outcome)
    "ID-SEL-1": ("payout.release", payout(status="unverified"), "ID", support.ON, "review"),
    "ID-SEL-5": ("seller.verify", verification(seller_type="mlm", nib_present=True), "ID", date(2026, 1, 15), "deny"),
    "ID-MKT-1": ("listing.publish", listing(seller_type="first_party"), "ID", support.ON, "deny"),
    "ID-XB-1": ("listing.publish", cross_border(fob_value_usd_cents=9_999), "ID", support.ON, "deny"),
    "ID-XB-2": ("listing.publish", cross_border(hs_code="8517"), "ID", support.ON, "deny"),
    "ID-XB-3": ("seller.verify", verification(seller_type="foreign", id_document_kind="",
                                              foreign_items={**FOREIGN_COMPLETE, "surveyor_report": False}),
                "ID", support.ON, "deny"),
    "ID-PRD-1": ("listing.publish", listing(category_required_certificates=["sni", "bpom"]), "ID", support.ON,
                 "deny"),
    "ID-PRD-2": ("listing.publish", listing(halal_food=True), "ID", date(2026, 10, 17), "deny"),
    "ID-SOC-1": ("content.publish", {"post": "pst_T", "embeds_payment": True}, "ID", support.ON, "deny"),
    "ID-CON-1": ("escrow.release", escrow(ends=WINDOW_ENDS, at=WINDOW_ENDS), "ID", support.ON, "deny"),
    "GB-SEL-1": ("listing.publish", gb_listing(seller_status="unverified"), "GB", support.ON, "deny"),
    "GB-TRD-1": ("listing.publish", gb_listing(trader={"name": True}), "GB", support.ON, "deny"),
    "GB-XB-1": ("listing.publish", gb_listing(origin="cross_border_direct", origin_country=""), "GB", support.ON,
                "deny"),
}


def test_every_rule_of_both_packs_has_a_scenario():
    assert set(SCENARIOS) == pack_rule_ids("ID") | pack_rule_ids("GB")


@pytest.mark.parametrize("rule_id", sorted(SCENARIOS))
def test_the_refusal_is_explained_in_both_languages_and_recorded_with_its_rule_version(reference, rule_id):
    event, facts, jurisdiction, on, expected = SCENARIOS[rule_id]
    result = decide(event, facts, jurisdiction=jurisdiction, on=on)
    assert result.outcome == expected, result.details
    found = reason(result, rule_id)
    assert (found["outcome"], found["version"]) == (expected, 1)
    assert_explained(found)
    stored = Decision.objects.get(public_id=result.decision_id)
    assert {"rule_id": rule_id, "version": 1, "outcome": expected} in [
        {k: v[k] for k in ("rule_id", "version", "outcome")} for v in stored.rule_versions]
    assert stored.rule_pack == jurisdiction and stored.on == on and stored.evidence == facts


def test_the_explanation_helper_gives_message_and_remedy_in_the_readers_language(reference):
    from lapak.compliance.explain import reason_fields, reason_text

    found = reason(decide("listing.publish", listing(seller_type="first_party")), "ID-MKT-1")
    assert reason_text(found, "en").endswith("These goods can only be sold by a verified third-party seller.")
    assert reason_text(found, "id").endswith("hanya dapat dijual oleh penjual pihak ketiga yang terverifikasi.")
    assert list(reason_fields([found], "en")) == ["rules.ID-MKT-1"]
