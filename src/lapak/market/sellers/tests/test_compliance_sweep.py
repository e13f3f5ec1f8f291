"""Re-evaluating verified sellers when the rules change (lapak.compliance.reevaluation with SellerSource)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from lapak.compliance.models import Decision, ReevaluationRun, Rule
from lapak.compliance.reevaluation import compliance_reevaluate_request
from lapak.compliance.rule_services import rule_version_activate, rule_version_draft
from lapak.core.audit.models import AuditEvent
from lapak.market.sellers.compliance_facts import verification_facts
from lapak.market.sellers.compliance_subjects import SellerSource

pytestmark = pytest.mark.django_db


def test_batch_facts_equal_verification_facts(build):
    application = build.verified()
    [row] = SellerSource().batches("ID", 0, 10)
    assert row.subject_id == application.organisation.public_id and row.allowed_now
    assert row.facts == verification_facts(application, source="verified", to="verified")
    assert SellerSource().batches("ID", row.pk, 10) == []


def test_a_seller_now_refused_gets_a_recorded_decision_and_an_email_but_keeps_its_state(
        build, people, django_capture_on_commit_callbacks):
    application = build.verified()
    organisation = application.organisation
    version = rule_version_draft(rule=Rule.objects.get(rule_id="ID-SEL-5"),
                                 parameters={"refused_seller_types": ["mlm", "individual"]},
                                 effective_from=timezone.localdate(), actor=people.operator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rule_version_activate(version=version, actor=people.operator)
    run = ReevaluationRun.objects.get(event="seller.verify")
    assert (run.examined, run.changed, run.status) == (1, 1, "done")
    decision = Decision.objects.filter(event="seller.verify", party=organisation.public_id).latest("pk")
    assert decision.outcome == "deny" and decision.evidence["trigger"] == f"reevaluation:{run.public_id}"
    assert AuditEvent.objects.filter(action="seller.organisation.compliance_refused").count() == 1
    organisation.refresh_from_db()
    assert organisation.status == "verified"
    letters = [m for m in mail.outbox if organisation.shop_name in m.subject]
    assert [m.to for m in letters] == [[people.owner.email]]
    # The next sweep finds nothing changed for the shop: no second decision, no second letter.
    decisions = Decision.objects.filter(event="seller.verify", party=organisation.public_id).count()
    with django_capture_on_commit_callbacks(execute=True):
        compliance_reevaluate_request(jurisdiction="ID", events=["seller.verify"], cause="test: again", actor="t")
    again = ReevaluationRun.objects.filter(event="seller.verify").latest("pk")
    assert (again.examined, again.changed, again.status) == (1, 0, "done")
    assert Decision.objects.filter(event="seller.verify", party=organisation.public_id).count() == decisions
    assert len([m for m in mail.outbox if organisation.shop_name in m.subject]) == 1
