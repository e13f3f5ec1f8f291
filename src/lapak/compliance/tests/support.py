"""Facts shaped like the real hooks' (so the rule tests ask what production asks), reference data, and checks
of a decision's explanations.

The fact builders mirror, key for key:
- `listing` — catalog/services/listing.py `listing_facts` (+ the `trigger` listing_decide adds);
- `verification` — sellers/compliance_facts.py `verification_facts`;
- `placement`/`line` — checkout/services/placement.py `placement_facts`;
- `escrow` — payments/services/release.py; `payout` — payments/services/payouts.py.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from lapak.compliance.engine import Evaluation
from lapak.compliance.services import DecisionResult, compliance_decide, compliance_evaluate

ON = date(2026, 11, 2)  # a Monday after every ID rule's start (the latest: ID-PRD-2's 17 Oct 2026)
WEEK = (date(2026, 10, 28), date(2026, 11, 3))  # the KMK week around ON
RATE = Decimal("16250.5000")  # rupiah per USD in the tests' KMK week
FLOOR_IDR = 1_625_050  # USD 100 at RATE, rounded up to whole rupiah
KMK = "KMK 40/KM.10/2026 (uji)"
LIST_LABEL = "Kepmendag 1998/2023 (uji)"
BOOK = "49019990"  # "other printed books": on the test positive list
PHONE = "85176200"  # a phone part: not on it
PACKS = Path(__file__).resolve().parent.parent / "data"


def pack_rule_ids(code: str) -> set[str]:
    return {rule["rule_id"] for rule in json.loads((PACKS / f"pack_{code}.json").read_text())["rules"]}


def listing(**overrides) -> dict:
    facts = {
        "product": "prd_T", "category": "pakaian", "category_required_certificates": [], "halal_food": False,
        "certificates": [], "certificates_present": [], "certificates_missing": [], "origin": "domestic",
        "origin_country": "ID", "hs_code": "", "fob_value_usd_cents": None, "price_min": 75_000,
        "price_max": 75_000, "description_id_present": True, "seller": "org_T", "seller_type": "individual",
        "seller_status": "verified", "seller_umkm_class": "micro", "jurisdiction": "ID", "trigger": "submit",
    }
    return {**facts, **overrides}


def cross_border(**overrides) -> dict:
    """A registered business's direct cross-border listing at exactly USD 100 FOB, priced at the floor."""
    return listing(**{"origin": "cross_border_direct", "origin_country": "CN", "hs_code": PHONE,
                      "fob_value_usd_cents": 10_000, "price_min": FLOOR_IDR, "price_max": FLOOR_IDR + 50_000,
                      "seller_type": "business", "seller_umkm_class": "medium", **overrides})


TRADER_COMPLETE = {"name": True, "address": True, "email": True, "phone": True}


def gb_listing(**overrides) -> dict:
    return listing(**{"jurisdiction": "GB", "seller_type": "business", "seller_umkm_class": "",
                      "trader": dict(TRADER_COMPLETE), **overrides})


FOREIGN_COMPLETE = {item: True for item in (
    "company_name", "origin_address", "origin_country", "business_licence", "standards_proof", "bank_account",
    "bahasa_descriptions", "shipping_origin", "surveyor_report")}


def verification(**overrides) -> dict:
    """An individual's application moving from in_review to verified, with a KTP."""
    facts = {
        "from": "in_review", "to": "verified", "seller_type": "individual", "seller": "org_T", "organisation": "org_T",
        "umkm_class": "micro", "jurisdiction": "ID", "review_flags": [], "id_document_kind": "ktp",
        "nib_present": False, "foreign_items": {item: False for item in FOREIGN_COMPLETE},
        "trader": dict(TRADER_COMPLETE), "reason_codes": [],
    }
    return {**facts, **overrides}


def line(**overrides) -> dict:
    facts = {"seller": "org_T", "seller_type": "individual", "seller_status": "verified", "product": "prd_T",
             "origin": "domestic", "origin_country": "ID", "hs_code": "", "fob_value_usd_cents": None,
             "unit_price": 75_000, "quantity": 1}
    return {**facts, **overrides}


def placement(*lines: dict) -> dict:
    lines = lines or (line(),)
    return {"buyer": "usr_B", "sellers": sorted({x["seller"] for x in lines}),
            "grand_total": sum(x["unit_price"] * x["quantity"] for x in lines), "currency": "IDR",
            "destination": "31.71.01.1001", "origins": sorted({x["origin"] for x in lines}), "lines": list(lines)}


def escrow(*, ends: datetime | None, at: datetime) -> dict:
    return {"seller_order": "so_T", "seller": "org_T", "escrow": 150_000,
            "return_window_ends_at": ends and ends.isoformat(), "at": at.isoformat()}


def payout(*, status: str) -> dict:
    return {"seller": "org_T", "seller_status": status, "amount": 500_000, "hold_reasons": [],
            "batch_date": ON.isoformat()}


def decide(event: str, facts: dict, *, jurisdiction: str = "ID", on: date = ON) -> DecisionResult:
    return compliance_decide(event=event, jurisdiction=jurisdiction, subject_type="test", subject_id="T",
                             facts=facts, actor="test", party=facts.get("seller", ""), on=on)


def evaluate(event: str, facts: dict, *, jurisdiction: str = "ID", on: date = ON) -> Evaluation:
    return compliance_evaluate(event=event, jurisdiction=jurisdiction, facts=facts, on=on)


def verdict(result: Evaluation | DecisionResult, rule_id: str) -> str | None:
    """What one rule answered: allow, deny, review, "n/a" (did not apply) or None (not in force)."""
    versions = result.rule_versions if isinstance(result, Evaluation) else result.record["rule_versions"]
    return next((v["outcome"] for v in versions if v["rule_id"] == rule_id), None)


def reason(result: Evaluation | DecisionResult, rule_id: str) -> dict:
    reasons = result.reasons if isinstance(result, Evaluation) else result.details
    found = [r for r in reasons if r["rule_id"] == rule_id]
    assert found, f"no reason from {rule_id} in {[r['rule_id'] for r in reasons]}"
    return found[0]


def assert_explained(found: dict) -> None:
    """Both languages' texts are there and read as sentences: no placeholder left, nothing empty in brackets."""
    for field in ("title_id", "title_en", "message_id", "message_en", "remedy_id", "remedy_en"):
        text = found[field]
        assert text and text.strip(), f"{found['rule_id']}: {field} is empty"
        assert not re.search(r"[{}]", text), f"{found['rule_id']}: {field} keeps a placeholder: {text}"
        assert not re.search(r"\(\s*\)|:\s*\.|:\s*$", text), f"{found['rule_id']}: {field} has a hole: {text}"
    assert found["message_id"] != found["message_en"]
    assert found["legal_basis"]


@pytest.fixture
def reference(db):
    """The tests' own reference data only: whatever a data migration or demo seed loaded is set aside, then one
    KMK rate for the week around ON and an active positive list holding BOOK."""
    from lapak.compliance.models import ExchangeRate, HsListVersion

    ExchangeRate.objects.all().delete()
    HsListVersion.objects.all().delete()
    return {"rate": rate(), "list": positive_list(BOOK)}


def rate(idr_per_unit: Decimal = RATE, *, valid_from: date = WEEK[0], valid_until: date = WEEK[1], source: str = KMK):
    from lapak.compliance.models import ExchangeRate

    return ExchangeRate.objects.create(currency="USD", idr_per_unit=idr_per_unit, valid_from=valid_from,
                                       valid_until=valid_until, source=source, created_by="test")


def positive_list(*codes: str, effective_from: date = date(2026, 7, 1), effective_until: date | None = None,
                  status: str = "active", label: str = LIST_LABEL):
    from lapak.compliance.models import HsListEntry, HsListVersion

    version = HsListVersion.objects.create(jurisdiction="ID", label=label, source="Kepmendag 1998/2023",
                                           effective_from=effective_from, effective_until=effective_until,
                                           status=status, created_by="test")
    HsListEntry.objects.bulk_create([HsListEntry(version=version, hs_code=code) for code in codes])
    return version


def day_before(value: date) -> date:
    return value - timedelta(days=1)
