"""Re-evaluation requests and the date boundaries that trigger them (the sweeps over listings and sellers are
tested beside their sources: market/catalog/tests/test_compliance_sweep.py, market/sellers/tests/…)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import transaction

from lapak.compliance.models import HsListVersion, ReevaluationRun, RuleVersion
from lapak.compliance.reevaluation import compliance_reevaluate_request, reevaluation_run_execute
from lapak.compliance.tasks import compliance_boundaries

pytestmark = pytest.mark.django_db


def test_a_request_queues_one_run_per_event_with_subjects_and_only_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        compliance_reevaluate_request(jurisdiction="ID", events=["listing.publish", "checkout.place",
                                                                 "listing.publish", "seller.verify"],
                                      cause="test", actor="usr_x")
    assert sorted(ReevaluationRun.objects.values_list("event", "status")) == [
        ("listing.publish", "queued"), ("seller.verify", "queued")]
    assert len(callbacks) == 2  # the task is enqueued by the commit, not before


def test_a_rolled_back_change_requests_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        compliance_reevaluate_request(jurisdiction="ID", events=["listing.publish"], cause="test", actor="x")
        raise RuntimeError("the change failed")
    assert not ReevaluationRun.objects.exists()


def test_a_run_is_executed_once():
    compliance_reevaluate_request(jurisdiction="ID", events=["listing.publish"], cause="test", actor="x")
    run = ReevaluationRun.objects.get()
    assert reevaluation_run_execute(run_id=run.pk).status == "done"
    assert reevaluation_run_execute(run_id=run.pk) is None


def test_boundaries_of_rules_versions_lists_and_dated_parameters():
    assert compliance_boundaries(on=date(2026, 10, 17))["ID"] >= {"listing.publish"}  # ID-PRD-2 micro and small
    assert "ID" in compliance_boundaries(on=date(2026, 1, 15))  # ID-SEL-5 (MLM) starts
    quiet = date(2031, 3, 4)
    assert compliance_boundaries(on=quiet) == {}
    xb1 = RuleVersion.objects.get(rule__rule_id="ID-XB-1", version=1)
    xb1.effective_until = quiet - timedelta(days=1)
    xb1.save()
    assert compliance_boundaries(on=quiet) == {"ID": {"listing.publish", "checkout.place"}}
    HsListVersion.objects.create(jurisdiction="GB", label="t", source="t", effective_from=quiet, status="active",
                                 created_by="t")
    HsListVersion.objects.create(jurisdiction="XX", label="draft", source="t", effective_from=quiet,
                                 created_by="t")  # a draft list changes nothing
    assert compliance_boundaries(on=quiet) == {"ID": {"listing.publish", "checkout.place"},
                                               "GB": {"listing.publish"}}
