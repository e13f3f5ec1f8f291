"""Every answer of the engine is a record: facts, rule versions evaluated, outcome, reasons in both languages."""

import pytest
from django.db import transaction

from lapak.compliance.models import Decision
from lapak.compliance.services import compliance_decide, compliance_evaluate, compliance_keep_refusal

pytestmark = pytest.mark.django_db

FIRST_PARTY_LISTING = {"seller": "org_P", "seller_type": "first_party", "seller_status": "verified",
                       "origin": "domestic", "category": "pakaian", "certificates": [], "jurisdiction": "ID"}


def ask(**overrides):
    params = {"event": "listing.publish", "jurisdiction": "ID", "subject_type": "product", "subject_id": "prd_X",
              "facts": FIRST_PARTY_LISTING, "actor": "usr_op", "party": "org_P"}
    return compliance_decide(**{**params, **overrides})


def test_a_decision_stores_its_facts_rule_versions_and_reasons():
    result = ask()
    stored = Decision.objects.get(public_id=result.decision_id)
    assert (stored.outcome, stored.evidence, stored.rule_pack, stored.party) == (
        "deny", FIRST_PARTY_LISTING, "ID", "org_P")
    evaluated = {v["rule_id"]: v["outcome"] for v in stored.rule_versions}
    assert evaluated["ID-MKT-1"] == "deny" and evaluated["ID-SEL-1"] == "allow" and evaluated["ID-XB-1"] == "n/a"
    reason = stored.reasons[0]
    assert (reason["rule_id"], reason["version"]) == ("ID-MKT-1", 1)
    assert "produsen" in reason["message_id"] and "producer" in reason["message_en"]


def test_the_same_facts_are_allowed_under_the_gb_pack():
    result = ask(jurisdiction="GB", facts={**FIRST_PARTY_LISTING, "jurisdiction": "GB",
                                           "trader": {"name": 1, "address": 1, "email": 1, "phone": 1}})
    assert result.allowed and result.reasons == []


def test_a_decision_rolls_back_with_the_change_it_governs_unless_kept_as_a_refusal():
    with pytest.raises(RuntimeError), transaction.atomic():
        result = ask()
        raise RuntimeError("the regulated write failed")
    assert not Decision.objects.exists()
    compliance_keep_refusal(result)
    compliance_keep_refusal(result)  # once only
    kept = Decision.objects.get()
    assert (kept.public_id, kept.outcome, kept.reasons[0]["rule_id"]) == (result.decision_id, "deny", "ID-MKT-1")


def test_an_allowed_answer_is_not_kept_after_a_rollback():
    with pytest.raises(RuntimeError), transaction.atomic():
        result = ask(facts={**FIRST_PARTY_LISTING, "seller_type": "business"})
        raise RuntimeError("the regulated write failed")
    compliance_keep_refusal(result)
    assert result.allowed and not Decision.objects.exists()


def test_a_jurisdiction_without_a_pack_goes_to_review():
    result = ask(jurisdiction="FR")
    assert result.outcome == "review" and result.reasons[0].rule_id == "NO-PACK"


def test_evaluating_records_nothing():
    assert compliance_evaluate(event="listing.publish", jurisdiction="ID", facts=FIRST_PARTY_LISTING).outcome == "deny"
    assert not Decision.objects.exists()


def test_unknown_events_are_a_programming_error():
    with pytest.raises(ValueError, match="Unknown regulated event"):
        ask(event="seller.dance")
