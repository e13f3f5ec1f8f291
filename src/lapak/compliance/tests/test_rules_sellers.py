"""Who may sell: ID-SEL-1 (verified local sellers), ID-SEL-5 (MLM, from 15 Jan 2026), ID-MKT-1 (no first-party
selling in ID), ID-XB-3 (foreign merchants' documents), GB-SEL-1 and GB-TRD-1 (trader identity)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from lapak.compliance.evaluators.sellers import FOREIGN_ITEMS, TRADER_ITEMS
from lapak.compliance.tests.support import (
    FOREIGN_COMPLETE,
    TRADER_COMPLETE,
    assert_explained,
    decide,
    evaluate,
    gb_listing,
    line,
    listing,
    payout,
    placement,
    reason,
    verdict,
    verification,
)

pytestmark = pytest.mark.django_db

MLM_FROM = date(2026, 1, 15)
PERMENDAG_31 = date(2023, 9, 26)


def in_language(language: str, text) -> str:
    with translation.override(language):
        return str(text)


# ID-SEL-1 ---------------------------------------------------------------------------------------------------------

def test_id_sel_1_an_individual_verified_by_ktp_or_passport_passes_and_without_one_is_refused():
    for document in ("ktp", "passport"):
        assert decide("seller.verify", verification(id_document_kind=document)).outcome == "allow"
    refused = decide("seller.verify", verification(id_document_kind=""))
    assert refused.outcome == "deny" and [r.rule_id for r in refused.reasons] == ["ID-SEL-1"]
    assert_explained(reason(refused, "ID-SEL-1"))
    assert "No KTP or Indonesian passport" in reason(refused, "ID-SEL-1")["message_en"]


def test_id_sel_1_a_business_needs_its_nib():
    assert decide("seller.verify", verification(seller_type="business", nib_present=True)).allowed
    refused = decide("seller.verify", verification(seller_type="business", nib_present=False))
    assert refused.outcome == "deny" and "NIB" in reason(refused, "ID-SEL-1")["message_en"]
    assert_explained(reason(refused, "ID-SEL-1"))


def test_id_sel_1_only_the_step_to_verified_is_judged():
    rejecting = evaluate("seller.verify", verification(to="rejected", id_document_kind=""))
    assert rejecting.outcome == "allow" and verdict(rejecting, "ID-SEL-1") == "n/a"


def test_id_sel_1_an_unverified_shop_cannot_list_nor_be_bought_from():
    assert verdict(evaluate("listing.publish", listing()), "ID-SEL-1") == "allow"
    refused = decide("listing.publish", listing(seller_status="unverified"))
    assert refused.outcome == "deny" and "not verified" in reason(refused, "ID-SEL-1")["message_en"]
    assert_explained(reason(refused, "ID-SEL-1"))
    at_checkout = evaluate("checkout.place", placement(line(), line(seller="org_U", seller_status="rejected")))
    assert at_checkout.outcome == "deny"
    assert reason(at_checkout, "ID-SEL-1")["evidence"] == {"unverified_sellers": ["org_U"]}


def test_id_sel_1_a_payout_of_an_unverified_shop_is_held_for_review():
    for status in ("verified", "closed"):
        assert decide("payout.release", payout(status=status)).outcome == "allow"
    held = decide("payout.release", payout(status="unverified"))
    assert held.outcome == "review"
    assert_explained(reason(held, "ID-SEL-1"))
    assert "payout is held" in reason(held, "ID-SEL-1")["message_en"]


def test_id_sel_1_starts_with_permendag_31_2023():
    facts = listing(seller_status="unverified")
    assert verdict(evaluate("listing.publish", facts, on=PERMENDAG_31), "ID-SEL-1") == "deny"
    assert verdict(evaluate("listing.publish", facts, on=date(2023, 9, 25)), "ID-SEL-1") is None


# ID-SEL-5 ---------------------------------------------------------------------------------------------------------

def test_id_sel_5_mlm_is_refused_from_15_january_2026_and_not_the_day_before():
    facts = verification(seller_type="mlm", nib_present=True, umkm_class="")
    before = decide("seller.verify", facts, on=date(2026, 1, 14))
    assert before.outcome == "allow" and verdict(before, "ID-SEL-5") is None
    on_the_day = decide("seller.verify", facts, on=MLM_FROM)
    assert on_the_day.outcome == "deny" and [r.rule_id for r in on_the_day.reasons] == ["ID-SEL-5"]
    found = reason(on_the_day, "ID-SEL-5")
    assert_explained(found)
    assert found["legal_basis"] == "PP 3/2026" and "15 January 2026" in found["message_en"]


def test_id_sel_5_also_refuses_an_mlm_listing_and_lets_other_types_through():
    assert decide("listing.publish", listing(seller_type="mlm"), on=MLM_FROM).outcome == "deny"
    assert decide("listing.publish", listing(seller_type="mlm"), on=date(2026, 1, 14)).outcome == "allow"
    assert verdict(evaluate("listing.publish", listing(seller_type="business")), "ID-SEL-5") == "allow"


# ID-MKT-1 ---------------------------------------------------------------------------------------------------------

def test_id_mkt_1_a_first_party_seller_cannot_list_in_id():
    refused = decide("listing.publish", listing(seller_type="first_party", seller_umkm_class=""))
    assert refused.outcome == "deny" and [r.rule_id for r in refused.reasons] == ["ID-MKT-1"]
    found = reason(refused, "ID-MKT-1")
    assert_explained(found)
    assert found["evidence"]["refused_sellers"] == ["org_T"]
    assert verdict(evaluate("listing.publish", listing(seller_type="business")), "ID-MKT-1") == "allow"


def test_id_mkt_1_a_first_party_line_refuses_the_checkout():
    refused = decide("checkout.place", placement(line(), line(seller="org_P", seller_type="first_party")))
    assert refused.outcome == "deny" and reason(refused, "ID-MKT-1")["evidence"]["refused_sellers"] == ["org_P"]
    assert decide("checkout.place", placement(line(), line(seller="org_B", seller_type="business"))).allowed


def test_id_mkt_1_starts_with_permendag_31_2023():
    facts = listing(seller_type="first_party")
    assert verdict(evaluate("listing.publish", facts, on=PERMENDAG_31), "ID-MKT-1") == "deny"
    assert verdict(evaluate("listing.publish", facts, on=date(2023, 9, 25)), "ID-MKT-1") is None


# ID-XB-3 ----------------------------------------------------------------------------------------------------------

def foreign(**present) -> dict:
    return verification(seller_type="foreign", umkm_class="", id_document_kind="",
                        foreign_items={**FOREIGN_COMPLETE, **present})


def test_id_xb_3_a_complete_foreign_registration_passes():
    result = decide("seller.verify", foreign())
    assert result.outcome == "allow" and verdict(result, "ID-XB-3") == "allow"


@pytest.mark.parametrize("item", sorted(FOREIGN_COMPLETE))
def test_id_xb_3_each_missing_item_refuses_and_is_named_in_both_languages(item):
    refused = decide("seller.verify", foreign(**{item: False}))
    assert refused.outcome == "deny" and [r.rule_id for r in refused.reasons] == ["ID-XB-3"]
    found = reason(refused, "ID-XB-3")
    assert_explained(found)
    assert found["evidence"] == {"missing_items": [item]}
    assert found["message_en"].endswith(f"Missing: {in_language('en', FOREIGN_ITEMS[item])}.")
    assert found["message_id"].endswith(f"Belum ada: {in_language('id', FOREIGN_ITEMS[item])}.")


def test_id_xb_3_several_missing_items_are_all_named():
    refused = decide("seller.verify", foreign(bank_account=False, surveyor_report=False))
    message = reason(refused, "ID-XB-3")["message_en"]
    assert message.endswith("Missing: bank account, independent surveyor's report.")


def test_id_xb_3_a_foreign_merchants_listing_needs_a_bahasa_description_and_its_origin():
    facts = listing(seller_type="foreign", seller_umkm_class="", origin="imported_local", origin_country="CN")
    assert verdict(evaluate("listing.publish", facts), "ID-XB-3") == "allow"
    refused = decide("listing.publish", {**facts, "description_id_present": False, "origin_country": "ID"})
    found = reason(refused, "ID-XB-3")
    assert found["evidence"] == {"missing_items": ["description_id", "origin_country"]}
    assert_explained(found)
    assert verdict(evaluate("listing.publish", listing(description_id_present=False)), "ID-XB-3") == "n/a"


# GB-SEL-1 and GB-TRD-1 --------------------------------------------------------------------------------------------

def test_gb_sel_1_verified_sellers_only_without_the_indonesian_document_checks():
    assert decide("listing.publish", gb_listing(), jurisdiction="GB").allowed
    refused = decide("listing.publish", gb_listing(seller_status="unverified"), jurisdiction="GB")
    assert [r.rule_id for r in refused.reasons] == ["GB-SEL-1"]
    assert_explained(reason(refused, "GB-SEL-1"))
    held = decide("payout.release", payout(status="unverified"), jurisdiction="GB")
    assert held.outcome == "review" and held.reasons[0].rule_id == "GB-SEL-1"
    # seller.verify is not a GB-SEL-1 event: a first-party business without an Indonesian NIB is verifiable.
    facts = verification(seller_type="first_party", nib_present=False, jurisdiction="GB")
    assert verdict(evaluate("seller.verify", facts, jurisdiction="GB"), "GB-SEL-1") is None


@pytest.mark.parametrize("item", sorted(TRADER_COMPLETE))
def test_gb_trd_1_a_missing_contact_detail_refuses_verification_and_listing(item):
    trader = {**TRADER_COMPLETE, item: False}
    for event, facts in (("seller.verify", verification(jurisdiction="GB", trader=trader)),
                         ("listing.publish", gb_listing(trader=trader))):
        refused = decide(event, facts, jurisdiction="GB")
        assert refused.outcome == "deny" and [r.rule_id for r in refused.reasons] == ["GB-TRD-1"], event
        found = reason(refused, "GB-TRD-1")
        assert_explained(found)
        assert found["message_en"].endswith(f"Missing: {in_language('en', TRADER_ITEMS[item])}.")
        assert found["message_id"].endswith(f"Belum ada: {in_language('id', TRADER_ITEMS[item])}.")


def test_gb_trd_1_a_listing_without_any_trader_details_is_refused():
    facts = gb_listing()
    del facts["trader"]
    refused = decide("listing.publish", facts, jurisdiction="GB")
    assert reason(refused, "GB-TRD-1")["evidence"] == {"missing_items": ["name", "address", "email", "phone"]}


def test_gb_trd_1_judges_the_step_to_verified_only_and_starts_on_1_june_2023():
    facts = verification(jurisdiction="GB", trader={})
    assert verdict(evaluate("seller.verify", {**facts, "to": "submitted"}, jurisdiction="GB"), "GB-TRD-1") == "n/a"
    assert verdict(evaluate("seller.verify", facts, jurisdiction="GB", on=date(2023, 6, 1)), "GB-TRD-1") == "deny"
    assert verdict(evaluate("seller.verify", facts, jurisdiction="GB", on=date(2023, 5, 31)), "GB-TRD-1") is None


def test_gb_allows_first_party_and_foreign_sellers():
    for seller_type in ("first_party", "foreign", "mlm"):
        assert decide("listing.publish", gb_listing(seller_type=seller_type), jurisdiction="GB").allowed
