"""ID-PRD-1 (SNI and BPOM certificates per category, dated requirements, number formats) and ID-PRD-2 (halal
certification by business size and origin, effective 17 Oct 2024 and 17 Oct 2026)."""

from __future__ import annotations

from datetime import date

import pytest

from lapak.compliance.evaluators.goods import bpom_number_ok
from lapak.compliance.tests.support import (
    ON,
    assert_explained,
    day_before,
    decide,
    evaluate,
    listing,
    reason,
    verdict,
)

pytestmark = pytest.mark.django_db

MEDIUM_LARGE_FROM = date(2024, 10, 17)
MICRO_SMALL_FROM = date(2026, 10, 17)
FUTURE = "2027-12-31"


def certificate(kind: str, number: str, expires_on: str | None = FUTURE) -> dict:
    return {"kind": kind, "number": number, "expires_on": expires_on}


def toy(**overrides) -> dict:
    return listing(**{"category": "mainan-anak", "category_required_certificates": ["sni"], **overrides})


def cosmetic(*certificates: dict) -> dict:
    return listing(category="kosmetik", category_required_certificates=["bpom"], certificates=list(certificates))


# ID-PRD-1 ---------------------------------------------------------------------------------------------------------

def test_id_prd_1_a_category_needing_sni_is_refused_without_it_and_allowed_with_it():
    refused = decide("listing.publish", toy())
    assert refused.outcome == "deny" and [r.rule_id for r in refused.reasons] == ["ID-PRD-1"]
    found = reason(refused, "ID-PRD-1")
    assert_explained(found)
    assert found["message_en"].endswith("need a valid certificate: SNI.")
    assert found["message_id"].endswith("sertifikat yang berlaku: SNI.")
    assert decide("listing.publish", toy(certificates=[certificate("sni", "QMS-123/SNI/2025")])).allowed


def test_id_prd_1_an_expired_certificate_counts_as_missing_from_the_day_after_it_expires():
    facts = toy(certificates=[certificate("sni", "QMS-123/SNI/2025", expires_on=ON.isoformat())])
    assert verdict(evaluate("listing.publish", facts), "ID-PRD-1") == "allow"
    expired = evaluate("listing.publish", facts, on=date(2026, 11, 3))
    assert expired.outcome == "deny" and reason(expired, "ID-PRD-1")["evidence"]["missing_kinds"] == ["sni"]


def test_id_prd_1_bpom_is_required_and_its_number_must_have_a_bpom_form():
    assert decide("listing.publish", cosmetic()).outcome == "deny"
    assert decide("listing.publish", cosmetic(certificate("bpom", "NA18191200123"))).allowed
    malformed = decide("listing.publish", cosmetic(certificate("bpom", "XY18191200123")))
    assert malformed.outcome == "deny"
    found = reason(malformed, "ID-PRD-1")
    assert_explained(found)
    assert found["evidence"] == {"required": ["bpom"], "missing_kinds": [], "malformed_numbers": ["XY18191200123"]}
    assert "XY18191200123" in found["message_en"] and "XY18191200123" in found["message_id"]


@pytest.mark.parametrize(("number", "ok"), [
    ("MD 224510001234", True), ("BPOM RI MD 224510001234", True), ("POM TR123456789", True),
    ("NA18191200123", True), ("SD123456789", True), ("DBL1234567890A1", True), ("GKL1234567890A1", True),
    ("MD", False), ("MDABCDEFGHIJ", False), ("XY123456789", False), ("", False), ("MD 12345", False),
    ("ID31110000123450721", False),  # a halal certificate's number is not a BPOM number
])
def test_bpom_number_forms(number, ok):
    from lapak.compliance.models import RuleVersion

    prefixes = RuleVersion.objects.get(rule__rule_id="ID-PRD-1", version=1).parameters["bpom_prefixes"]
    assert bpom_number_ok(number, prefixes) is ok


def test_id_prd_1_every_number_the_catalogue_accepts_passes_the_engine():
    """The pack's prefixes cover every form catalog/certificates.py accepts (a catalogue-valid number refused by
    the engine would leave the seller nothing to fix)."""
    from lapak.compliance.models import RuleVersion

    prefixes = RuleVersion.objects.get(rule__rule_id="ID-PRD-1", version=1).parameters["bpom_prefixes"]
    samples = ["MD224510001234", "ML224510001234", "NB12345678901", "NE12345678901", "TL123456789", "HT123456789",
               "FF123456789", "TR123456789A", "SL123456789", "DTL1234567890A1", "GNX1234567890B2"]
    for number in samples:
        assert bpom_number_ok(number, prefixes), number


def test_id_prd_1_a_dated_requirement_applies_from_its_day():
    from lapak.compliance.models import CertificateRequirement

    CertificateRequirement.objects.create(jurisdiction="ID", category_slug="pakaian", kind="sni",
                                          effective_from=ON, source="Permenperin (uji)", created_by="test")
    assert verdict(evaluate("listing.publish", listing(), on=day_before(ON)), "ID-PRD-1") == "n/a"
    on_the_day = evaluate("listing.publish", listing())
    assert on_the_day.outcome == "deny" and reason(on_the_day, "ID-PRD-1")["evidence"]["required"] == ["sni"]


def test_id_prd_1_leaves_halal_to_id_prd_2():
    result = evaluate("listing.publish", listing(category_required_certificates=["halal"]))
    assert verdict(result, "ID-PRD-1") == "n/a"


# ID-PRD-2 ---------------------------------------------------------------------------------------------------------

def food(**overrides) -> dict:
    return listing(**{"category": "makanan-ringan", "halal_food": True, **overrides})


HALAL = certificate("halal", "ID31110000123450721")


def test_id_prd_2_a_micro_sellers_food_needs_halal_from_17_october_2026_not_the_day_before():
    facts = food(seller_umkm_class="micro")
    before = decide("listing.publish", facts, on=day_before(MICRO_SMALL_FROM))
    assert before.outcome == "allow" and verdict(before, "ID-PRD-2") == "allow"
    on_the_day = decide("listing.publish", facts, on=MICRO_SMALL_FROM)
    assert on_the_day.outcome == "deny" and [r.rule_id for r in on_the_day.reasons] == ["ID-PRD-2"]
    found = reason(on_the_day, "ID-PRD-2")
    assert_explained(found)
    assert "17 October 2024" in found["message_en"] and "17 October 2026" in found["message_en"]
    assert "(micro business) the duty applies since 17 October 2026." in found["message_en"]
    assert "17 Oktober 2024" in found["message_id"] and "17 Oktober 2026" in found["message_id"]
    assert found["evidence"]["group"] == "micro" and found["evidence"]["required_from"] == "2026-10-17"
    with_certificate = decide("listing.publish", food(seller_umkm_class="micro", certificates=[HALAL]),
                              on=MICRO_SMALL_FROM)
    assert with_certificate.allowed


def test_id_prd_2_small_sellers_and_individuals_without_a_class_count_as_micro_or_small():
    for facts in (food(seller_umkm_class="small"), food(seller_umkm_class="", seller_type="individual")):
        assert verdict(evaluate("listing.publish", facts, on=day_before(MICRO_SMALL_FROM)), "ID-PRD-2") == "allow"
        assert verdict(evaluate("listing.publish", facts, on=MICRO_SMALL_FROM), "ID-PRD-2") == "deny"


def test_id_prd_2_a_medium_sellers_food_is_refused_since_17_october_2024():
    facts = food(seller_type="business", seller_umkm_class="medium")
    assert decide("listing.publish", facts, on=MEDIUM_LARGE_FROM).outcome == "deny"
    assert verdict(evaluate("listing.publish", facts, on=day_before(MEDIUM_LARGE_FROM)), "ID-PRD-2") is None
    assert decide("listing.publish", {**facts, "certificates": [HALAL]}, on=MEDIUM_LARGE_FROM).allowed
    # A business that declared no class is treated as medium (the pack's `unknown_class_as`).
    unknown = food(seller_type="business", seller_umkm_class="")
    assert verdict(evaluate("listing.publish", unknown, on=MEDIUM_LARGE_FROM), "ID-PRD-2") == "deny"


def test_id_prd_2_imported_food_needs_halal_from_17_october_2026_whatever_the_sellers_size():
    facts = food(seller_type="business", seller_umkm_class="large", origin="imported_local", origin_country="JP")
    assert verdict(evaluate("listing.publish", facts, on=day_before(MICRO_SMALL_FROM)), "ID-PRD-2") == "allow"
    on_the_day = evaluate("listing.publish", facts, on=MICRO_SMALL_FROM)
    assert on_the_day.outcome == "deny"
    found = reason(on_the_day, "ID-PRD-2")
    assert found["evidence"]["group"] == "imported"
    assert "(imported goods) the duty applies since 17 October 2026." in found["message_en"]
    assert_explained(found)


def test_id_prd_2_an_expired_halal_certificate_counts_as_none():
    facts = food(seller_umkm_class="micro", certificates=[certificate("halal", "ID3111000012345", "2026-11-01")])
    assert verdict(evaluate("listing.publish", facts, on=date(2026, 11, 1)), "ID-PRD-2") == "allow"
    assert verdict(evaluate("listing.publish", facts, on=ON), "ID-PRD-2") == "deny"


def test_id_prd_2_goods_that_are_not_food_are_not_asked():
    assert verdict(evaluate("listing.publish", listing()), "ID-PRD-2") == "n/a"
