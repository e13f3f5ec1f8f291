"""ID-CON-1 (escrow waits for the return window to end) and ID-SOC-1 (content may promote, never carry a payment)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lapak.compliance.tests.support import assert_explained, decide, escrow, evaluate, reason, verdict

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
WINDOW_ENDS = datetime(2026, 11, 4, 23, 59, 59, tzinfo=JAKARTA)


def test_id_con_1_escrow_is_not_released_before_or_at_the_window_end():
    for at in (WINDOW_ENDS - timedelta(days=1), WINDOW_ENDS):
        held = decide("escrow.release", escrow(ends=WINDOW_ENDS, at=at))
        assert held.outcome == "deny" and [r.rule_id for r in held.reasons] == ["ID-CON-1"]
    found = reason(held, "ID-CON-1")
    assert_explained(found)
    assert "at least 2 working days" in found["message_en"] and "(4 November 2026 23:59)" in found["message_en"]
    assert "paling sedikit 2 hari kerja" in found["message_id"] and "(4 November 2026 23:59)" in found["message_id"]
    assert found["legal_basis"].endswith("(pasal belum dikonfirmasi)")


def test_id_con_1_escrow_is_released_after_the_window_end():
    after = decide("escrow.release", escrow(ends=WINDOW_ENDS, at=WINDOW_ENDS + timedelta(seconds=1)))
    assert after.outcome == "allow" and verdict(after, "ID-CON-1") == "allow"


def test_id_con_1_compares_moments_not_clock_readings_across_time_zones():
    utc_before_end = WINDOW_ENDS.astimezone(ZoneInfo("UTC")) - timedelta(minutes=1)
    assert decide("escrow.release", escrow(ends=WINDOW_ENDS, at=utc_before_end)).outcome == "deny"


def test_id_con_1_does_not_apply_without_a_delivery():
    result = evaluate("escrow.release", escrow(ends=None, at=WINDOW_ENDS))
    assert result.outcome == "allow" and verdict(result, "ID-CON-1") == "n/a"


def test_id_con_1_is_in_force_from_pp_80_2019():
    facts = escrow(ends=WINDOW_ENDS, at=WINDOW_ENDS)
    assert verdict(evaluate("escrow.release", facts, on=date(2019, 11, 25)), "ID-CON-1") == "deny"
    assert verdict(evaluate("escrow.release", facts, on=date(2019, 11, 24)), "ID-CON-1") is None


def post(**overrides) -> dict:
    return {"post": "pst_T", "creator": "crt_T", "kind": "video", "products": ["prd_T"], "embeds_payment": False,
            "embeds_checkout": False, "payment_links": [], **overrides}


def test_id_soc_1_content_promoting_a_product_is_allowed():
    result = decide("content.publish", post())
    assert result.outcome == "allow" and verdict(result, "ID-SOC-1") == "allow"


@pytest.mark.parametrize("embedded", [{"embeds_payment": True}, {"embeds_checkout": True},
                                      {"payment_links": ["https://pay.example.test/qris/123"]}])
def test_id_soc_1_content_embedding_a_payment_is_refused(embedded):
    refused = decide("content.publish", post(**embedded))
    assert refused.outcome == "deny" and [r.rule_id for r in refused.reasons] == ["ID-SOC-1"]
    found = reason(refused, "ID-SOC-1")
    assert_explained(found)
    assert found["legal_basis"] == "Permendag 31/2023 Pasal 21 ayat (3)"


def test_id_soc_1_does_not_bind_the_gb_pack():
    result = decide("content.publish", post(embeds_payment=True), jurisdiction="GB")
    assert result.outcome == "allow" and result.record["rule_versions"] == []
