"""ID-XB-1 (USD 100 FOB floor at the KMK rate), ID-XB-2 (HS code, positive list) and GB-XB-1 (origin shown),
at their boundaries: exactly USD 100, one cent below, a positive-list code below the floor, no rate for the day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lapak.compliance.models import Decision
from lapak.compliance.tests import support
from lapak.compliance.tests.support import (
    BOOK,
    FLOOR_IDR,
    KMK,
    LIST_LABEL,
    ON,
    WEEK,
    assert_explained,
    cross_border,
    decide,
    evaluate,
    gb_listing,
    line,
    placement,
    reason,
    verdict,
)

reference = support.reference
pytestmark = pytest.mark.django_db


def test_exactly_usd_100_fob_priced_at_the_floor_is_allowed_and_the_decision_keeps_the_rate(reference):
    result = decide("listing.publish", cross_border())
    assert result.outcome == "allow", result.details
    stored = Decision.objects.get(public_id=result.decision_id)
    floor = next(v for v in stored.rule_versions if v["rule_id"] == "ID-XB-1")
    assert (floor["version"], floor["outcome"]) == (1, "allow")
    assert floor["evidence"]["rate_exact"] == "16250.5000" and floor["evidence"]["rate_source"] == KMK
    assert floor["evidence"]["rate_valid_from"] == WEEK[0].isoformat()
    assert floor["evidence"]["floor_idr"] == FLOOR_IDR and floor["evidence"]["list_label"] == LIST_LABEL
    assert {v["rule_id"] for v in stored.rule_versions} >= {"ID-XB-1", "ID-XB-2", "ID-MKT-1", "ID-SEL-1"}
    assert stored.evidence["fob_value_usd_cents"] == 10_000 and stored.on == ON


def test_one_cent_below_usd_100_is_refused_with_the_value_named(reference):
    result = decide("listing.publish", cross_border(fob_value_usd_cents=9_999))
    assert result.outcome == "deny"
    found = reason(result, "ID-XB-1")
    assert_explained(found)
    assert "USD 100.00" in found["message_en"] and "USD 99.99" in found["message_en"]
    assert "USD 100.00" in found["message_id"] and "99.99" in found["message_id"]
    assert found["evidence"]["fob_usd"] == "99.99" and found["evidence"]["rate_source"] == KMK
    assert found["remedy_en"] and found["legal_basis"].startswith("Permendag 31/2023")


def test_a_positive_list_code_below_the_floor_is_allowed_and_names_the_list(reference):
    result = evaluate("listing.publish", cross_border(hs_code=BOOK, fob_value_usd_cents=1_500, price_min=250_000))
    assert result.outcome == "allow", result.reasons
    floor = next(v for v in result.rule_versions if v["rule_id"] == "ID-XB-1")
    assert floor["evidence"] == {"floor_usd": "100.00", "list_label": LIST_LABEL, "exempt_hs_codes": [BOOK]}
    hs = next(v for v in result.rule_versions if v["rule_id"] == "ID-XB-2")
    assert hs["evidence"]["on_positive_list"] is True


def test_a_code_on_a_draft_or_an_expired_list_is_not_exempt(reference):
    from lapak.compliance.models import HsListVersion

    HsListVersion.objects.all().delete()
    support.positive_list(BOOK, status="draft")
    support.positive_list(BOOK, effective_from=date(2026, 1, 1), effective_until=support.day_before(ON))
    result = evaluate("listing.publish", cross_border(hs_code=BOOK, fob_value_usd_cents=1_500))
    assert verdict(result, "ID-XB-1") == "deny"


def test_the_list_in_force_is_read_per_day(reference):
    """A list that starts on ON exempts on ON, not the day before (the older list without the code applies)."""
    from lapak.compliance.models import HsListVersion

    HsListVersion.objects.all().delete()
    support.positive_list("49011000", effective_from=date(2026, 1, 1), effective_until=support.day_before(ON))
    support.positive_list(BOOK, effective_from=ON)
    facts = cross_border(hs_code=BOOK, fob_value_usd_cents=1_500, price_min=250_000)
    assert verdict(evaluate("listing.publish", facts), "ID-XB-1") == "allow"
    assert verdict(evaluate("listing.publish", facts, on=support.day_before(ON)), "ID-XB-1") == "deny"


def test_a_rate_loaded_late_is_bridged_by_the_last_one_for_two_weeks_then_review(reference):
    bridged = decide("listing.publish", cross_border(), on=support.WEEK[1] + timedelta(days=14))
    floor = next(v for v in Decision.objects.get(public_id=bridged.decision_id).rule_versions
                 if v["rule_id"] == "ID-XB-1")
    assert bridged.outcome == "allow" and floor["evidence"]["rate_valid_from"] == support.WEEK[0].isoformat()
    result = decide("listing.publish", cross_border(), on=support.WEEK[1] + timedelta(days=15))
    assert result.outcome == "review"
    found = reason(result, "ID-XB-1")
    assert_explained(found)
    assert "exchange rate" in found["message_en"]


def test_the_rupiah_price_is_checked_at_the_rate_in_force(reference):
    at_floor = evaluate("listing.publish", cross_border(price_min=FLOOR_IDR))
    assert verdict(at_floor, "ID-XB-1") == "allow"
    below = evaluate("listing.publish", cross_border(price_min=FLOOR_IDR - 1))
    assert below.outcome == "deny"
    found = reason(below, "ID-XB-1")
    assert_explained(found)
    assert "Rp1.625.050" in found["message_en"] and "Rp1.625.049" in found["message_en"]
    assert KMK in found["message_en"] and "Rp16.250 per USD" in found["message_en"]
    assert found["evidence"]["price_idr"] == FLOOR_IDR - 1


def test_another_weeks_rate_gives_another_floor(reference):
    support.rate(support.RATE * 2, valid_from=date(2026, 11, 4), valid_until=date(2026, 11, 10))
    facts = cross_border(price_min=FLOOR_IDR)
    assert verdict(evaluate("listing.publish", facts, on=WEEK[1]), "ID-XB-1") == "allow"
    assert verdict(evaluate("listing.publish", facts, on=date(2026, 11, 4)), "ID-XB-1") == "deny"


def test_a_cross_border_listing_without_an_fob_value_is_refused(reference):
    result = evaluate("listing.publish", cross_border(fob_value_usd_cents=None))
    assert result.outcome == "deny"
    assert_explained(reason(result, "ID-XB-1"))
    assert "No FOB value" in reason(result, "ID-XB-1")["message_en"]


def test_domestic_and_locally_imported_goods_are_not_under_the_floor(reference):
    for origin, country in (("domestic", "ID"), ("imported_local", "CN")):
        result = evaluate("listing.publish", cross_border(origin=origin, origin_country=country,
                                                          fob_value_usd_cents=100))
        assert verdict(result, "ID-XB-1") == "n/a" and verdict(result, "ID-XB-2") == "n/a"


def test_checkout_refuses_a_line_below_the_floor_and_passes_one_at_it(reference):
    cheap = line(seller="org_X", seller_type="business", origin="cross_border_direct", origin_country="CN",
                 hs_code=support.PHONE, fob_value_usd_cents=9_999, unit_price=FLOOR_IDR)
    fine = {**cheap, "fob_value_usd_cents": 10_000}
    assert decide("checkout.place", placement(line(), fine)).outcome == "allow"
    refused = decide("checkout.place", placement(line(), cheap))
    assert refused.outcome == "deny" and [r.rule_id for r in refused.reasons] == ["ID-XB-1"]


def test_the_floor_rule_is_not_in_force_before_permendag_31_2023(reference):
    facts = cross_border(fob_value_usd_cents=1_000)
    assert verdict(evaluate("listing.publish", facts, on=date(2023, 9, 26)), "ID-XB-1") == "review"  # no rate then
    assert verdict(evaluate("listing.publish", facts, on=date(2023, 9, 25)), "ID-XB-1") is None


@pytest.mark.parametrize(("code", "outcome"), [("85176200", "allow"), ("851762", "deny"), ("", "deny"),
                                              ("8517620A", "deny"), ("851762000", "deny")])
def test_id_xb_2_needs_an_eight_digit_hs_code(reference, code, outcome):
    result = evaluate("listing.publish", cross_border(hs_code=code))
    assert verdict(result, "ID-XB-2") == outcome
    if outcome == "deny":
        assert_explained(reason(result, "ID-XB-2"))


def test_gb_xb_1_a_direct_cross_border_listing_must_state_where_it_ships_from():
    shown = evaluate("listing.publish", gb_listing(origin="cross_border_direct", origin_country="CN",
                                                   hs_code="", fob_value_usd_cents=4_000), jurisdiction="GB")
    assert shown.outcome == "allow" and verdict(shown, "GB-XB-1") == "allow"
    for country in ("", None, "GB"):
        missing = decide("listing.publish", gb_listing(origin="cross_border_direct", origin_country=country),
                         jurisdiction="GB")
        assert missing.outcome == "deny", country
        assert [r.rule_id for r in missing.reasons] == ["GB-XB-1"]
        assert_explained(reason(missing, "GB-XB-1"))
    domestic = evaluate("listing.publish", gb_listing(), jurisdiction="GB")
    assert verdict(domestic, "GB-XB-1") == "n/a"


def test_gb_has_no_floor_and_no_positive_list():
    result = evaluate("listing.publish", gb_listing(origin="cross_border_direct", origin_country="CN",
                                                    fob_value_usd_cents=1, hs_code=""), jurisdiction="GB")
    assert result.outcome == "allow"
    assert {v["rule_id"] for v in result.rule_versions} == {"GB-SEL-1", "GB-TRD-1", "GB-XB-1"}


def test_a_foreign_merchants_goods_are_direct_cross_border_whatever_origin_they_declare(reference):
    # Declaring "imported by a local seller" does not take a foreign merchant's USD 5 item under the floor.
    dodge = support.listing(seller_type="foreign", origin="imported_local", origin_country="CN", price_min=50_000)
    result = evaluate("listing.publish", dodge)
    assert verdict(result, "ID-XB-1") == "deny" and verdict(result, "ID-XB-2") == "deny"
    at_checkout = evaluate("checkout.place", placement(line(seller_type="foreign", origin="imported_local",
                                                            origin_country="CN", unit_price=50_000)))
    assert verdict(at_checkout, "ID-XB-1") == "deny"
    # A local importer's goods are not direct cross-border sales.
    local = support.listing(seller_type="business", origin="imported_local", origin_country="CN", price_min=50_000)
    assert evaluate("listing.publish", local).outcome == "allow"


def test_checkout_checks_the_declared_fob_and_not_the_rupiah_price_at_a_later_weeks_rate(reference):
    # Priced exactly at the floor at the listing's rate; a week later the rate is higher: still sold.
    at_floor = line(seller_type="business", origin="cross_border_direct", origin_country="CN", hs_code=support.PHONE,
                    fob_value_usd_cents=10_000, unit_price=FLOOR_IDR - 1)
    assert verdict(evaluate("checkout.place", placement(at_floor)), "ID-XB-1") == "allow"
    below = {**at_floor, "fob_value_usd_cents": 9_999}
    assert verdict(evaluate("checkout.place", placement(below)), "ID-XB-1") == "deny"
