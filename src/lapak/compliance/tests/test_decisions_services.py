"""Overrides and appeals of recorded decisions: who may, what is checked, what is recorded beside the decision."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lapak.compliance.decision_services import (
    OVERRIDDEN_TOPIC,
    AppealAlreadyAnswered,
    DecisionAlreadyAppealed,
    DecisionAlreadyOverridden,
    DecisionNotAppealable,
    appeal_answer,
    decision_appeal,
    decision_override,
)
from lapak.compliance.models import Appeal, Decision, DecisionOverride
from lapak.compliance.selectors import (
    DecisionFilters,
    decision_appealable,
    decision_get,
    decisions_for_party,
    decisions_for_subject,
    decisions_search,
    effective_outcome,
)
from lapak.compliance.tests import decision_support
from lapak.compliance.tests.decision_support import allowed, refused_listing
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import NotFound, PermissionDenied, ValidationFailed
from lapak.core.outbox.models import OutboxEvent

pytestmark = pytest.mark.django_db
staff = decision_support.staff


def test_an_override_is_recorded_beside_the_decision_with_audit_and_event(staff):
    decision = refused_listing()
    decision_override(decision=decision, actor=staff.operator, outcome="allow", reason="  Affiliate status ended. ")
    decision = decision_get(public_id=decision.public_id)
    assert decision.outcome == "deny"  # the record itself never changes
    assert (decision.override.outcome, decision.override.reason) == ("allow", "Affiliate status ended.")
    assert decision.override.operator == staff.operator.public_id
    assert effective_outcome(decision) == "allow"
    audit = AuditEvent.objects.get(action="compliance.decision.overridden")
    assert (audit.subject_id, audit.before, audit.after["outcome"], audit.jurisdiction) == (
        decision.public_id, {"outcome": "deny"}, "allow", "ID")
    event = OutboxEvent.objects.get(topic=OVERRIDDEN_TOPIC)
    assert {k: event.payload[k] for k in (
        "decision", "subject_type", "subject_id", "outcome")} == {
        "decision": decision.public_id, "subject_type": "product", "subject_id": "prd_ONE", "outcome": "allow"}


@pytest.mark.parametrize(("outcome", "reason", "field"), [
    ("allow", "   ", "reason"), ("allow", "", "reason"), ("maybe", "ok", "outcome"), ("deny", "same", "outcome")])
def test_an_override_needs_a_reason_and_a_new_outcome(staff, outcome, reason, field):
    decision = refused_listing()
    with pytest.raises(ValidationFailed) as caught:
        decision_override(decision=decision, actor=staff.operator, outcome=outcome, reason=reason)
    assert field in caught.value.fields
    assert not DecisionOverride.objects.exists() and not AuditEvent.objects.filter(
        action="compliance.decision.overridden").exists()


def test_only_operators_override(staff):
    decision = refused_listing()
    for who in (staff.regulator, staff.seller):
        with pytest.raises(PermissionDenied):
            decision_override(decision=decision, actor=who, outcome="allow", reason="because")
    assert not DecisionOverride.objects.exists()


def test_a_second_override_is_a_conflict(staff):
    decision = refused_listing()
    decision_override(decision=decision, actor=staff.operator, outcome="allow", reason="first")
    with pytest.raises(DecisionAlreadyOverridden) as caught:
        decision_override(decision=decision, actor=staff.operator2, outcome="review", reason="second")
    assert caught.value.status == 409
    assert DecisionOverride.objects.get().reason == "first"
    assert OutboxEvent.objects.filter(topic=OVERRIDDEN_TOPIC).count() == 1


def test_the_party_appeals_once_with_a_text(staff):
    decision = refused_listing()
    appeal = decision_appeal(decision=decision, party="org_TOKO1", text=" We are not an affiliate. ",
                             filed_by="usr_owner")
    assert (appeal.text, appeal.status, appeal.party) == ("We are not an affiliate.", "open", "org_TOKO1")
    assert AuditEvent.objects.filter(action="compliance.decision.appealed", subject_id=decision.public_id).exists()
    assert not decision_appealable(decision_get(public_id=decision.public_id))
    with pytest.raises(DecisionAlreadyAppealed) as caught:
        decision_appeal(decision=decision, party="org_TOKO1", text="Again", filed_by="usr_owner")
    assert caught.value.status == 409
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize(("text", "ok"), [("x" * 2000, True), ("x" * 2001, False), ("  ", False), ("", False)])
def test_an_appeal_text_is_required_and_at_most_2000_characters(text, ok):
    decision = refused_listing()
    if ok:
        assert decision_appeal(decision=decision, party="org_TOKO1", text=text, filed_by="usr_owner")
    else:
        with pytest.raises(ValidationFailed) as caught:
            decision_appeal(decision=decision, party="org_TOKO1", text=text, filed_by="usr_owner")
        assert list(caught.value.fields) == ["text"]
        assert not Appeal.objects.exists()


def test_another_party_cannot_appeal_and_an_allow_or_overridden_decision_is_not_appealable(staff):
    decision = refused_listing()
    with pytest.raises(NotFound):
        decision_appeal(decision=decision, party="org_OTHER", text="Mine?", filed_by="usr_x")
    with pytest.raises(DecisionNotAppealable):
        decision_appeal(decision=allowed(), party="org_TOKO1", text="Why?", filed_by="usr_owner")
    decision_override(decision=decision, actor=staff.operator, outcome="allow", reason="fixed")
    with pytest.raises(DecisionNotAppealable):
        decision_appeal(decision=decision_get(public_id=decision.public_id), party="org_TOKO1", text="Why?",
                        filed_by="usr_owner")
    assert not Appeal.objects.exists()


def test_an_upheld_appeal_leaves_the_decision_standing(staff):
    decision = refused_listing()
    appeal = decision_appeal(decision=decision, party="org_TOKO1", text="Please", filed_by="usr_owner")
    appeal = appeal_answer(appeal=appeal, actor=staff.operator, status="upheld", answer="The rule applies.")
    assert (appeal.status, appeal.answer, appeal.answered_by) == ("upheld", "The rule applies.",
                                                                  staff.operator.public_id)
    assert not DecisionOverride.objects.exists()
    assert AuditEvent.objects.filter(action="compliance.appeal.answered").count() == 1
    with pytest.raises(AppealAlreadyAnswered):
        appeal_answer(appeal=appeal, actor=staff.operator2, status="overturned", answer="Changed my mind")


def test_an_overturned_appeal_overrides_the_decision_to_allow(staff):
    decision = refused_listing()
    appeal = decision_appeal(decision=decision, party="org_TOKO1", text="Please", filed_by="usr_owner")
    appeal_answer(appeal=appeal, actor=staff.operator, status="overturned", answer="Documents checked.")
    override = DecisionOverride.objects.get(decision=decision)
    assert (override.outcome, override.reason) == ("allow", "Documents checked.")
    assert OutboxEvent.objects.filter(topic=OVERRIDDEN_TOPIC, payload__outcome="allow").count() == 1


def test_an_answer_needs_a_text_a_status_and_an_operator(staff):
    decision = refused_listing()
    appeal = decision_appeal(decision=decision, party="org_TOKO1", text="Please", filed_by="usr_owner")
    with pytest.raises(ValidationFailed) as caught:
        appeal_answer(appeal=appeal, actor=staff.operator, status="maybe", answer=" ")
    assert set(caught.value.fields) == {"status", "answer"}
    with pytest.raises(PermissionDenied):
        appeal_answer(appeal=appeal, actor=staff.regulator, status="upheld", answer="No")
    appeal.refresh_from_db()
    assert appeal.status == "open"


def test_selectors_filter_by_party_subject_rule_outcome_and_jurisdiction():
    id_refusal = refused_listing(subject_id="prd_A")
    gb_refusal = refused_listing(jurisdiction="GB", party="org_UK", subject_id="prd_B")
    payout = allowed()
    assert set(decisions_for_party(party="org_TOKO1")) == {id_refusal, payout}
    assert list(decisions_for_party(party="")) == []
    assert list(decisions_for_subject(subject_type="product", subject_id="prd_B")) == [gb_refusal]
    search = lambda **f: set(decisions_search(jurisdictions=None, filters=DecisionFilters(**f)))  # noqa: E731
    assert search(rule_id="ID-MKT-1") == {id_refusal}
    assert search(rule_id="ID-MKT") == set()  # a rule id is matched whole
    assert search(rule_id="GB-TRD-1") == {gb_refusal}
    assert search(outcome="allow") == {payout}
    assert search(jurisdiction="GB") == {gb_refusal}
    assert set(decisions_search(jurisdictions=["GB"], filters=DecisionFilters())) == {gb_refusal}
    today = timezone.localdate(id_refusal.decided_at)  # the filters read days in local time (WIB)
    assert len(search(since=today, until=today)) == 3
    assert search(until=today.replace(year=today.year - 1)) == set()
    assert Decision.objects.count() == 3
