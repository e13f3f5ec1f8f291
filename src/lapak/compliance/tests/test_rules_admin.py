"""Rule versions: drafts checked by their evaluator, activation without overlaps (also when two race), withdrawal,
every change audited, activation asking for re-evaluation."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from lapak.compliance import rule_services
from lapak.compliance.models import ReevaluationRun, Rule, RuleVersion, VersionStatus
from lapak.compliance.rule_services import rule_version_activate, rule_version_draft, rule_version_withdraw
from lapak.core.audit.models import AuditEvent
from lapak.core.errors import Conflict, PermissionDenied, ValidationFailed

FLOOR = {"floor_usd_cents": 15_000, "currency": "USD", "origins": ["cross_border_direct"]}


def today():
    return timezone.localdate()


@pytest.fixture
def operator(make_user):
    return make_user(roles=["operator"])


@pytest.fixture
def floor_rule(db):
    return Rule.objects.get(rule_id="ID-XB-1")


def draft(rule, operator, parameters=None, start=None, until=None):
    return rule_version_draft(rule=rule, parameters=FLOOR if parameters is None else parameters,
                              effective_from=start or today(), effective_until=until, actor=operator)


@pytest.mark.django_db
@pytest.mark.parametrize(("parameters", "field"), [
    (["not", "an", "object"], "parameters"),
    ({"currency": "USD", "origins": ["cross_border_direct"]}, "parameters.floor_usd_cents"),
    ({**FLOOR, "floor_usd_cents": "lots"}, "parameters.floor_usd_cents"),
    ({**FLOOR, "floor_usd_cents": 0}, "parameters.floor_usd_cents"),
    ({**FLOOR, "ceiling": 1}, "parameters.ceiling"),
])
def test_parameters_the_evaluator_does_not_parse_are_refused_by_field(floor_rule, operator, parameters, field):
    with pytest.raises(ValidationFailed) as refused:
        draft(floor_rule, operator, parameters)
    assert field in refused.value.fields
    assert floor_rule.versions.count() == 1


@pytest.mark.django_db
def test_bad_dates_are_refused(floor_rule, operator):
    with pytest.raises(ValidationFailed) as past:
        draft(floor_rule, operator, start=today() - timedelta(days=1))
    assert "effective_from" in past.value.fields
    with pytest.raises(ValidationFailed) as reversed_range:
        draft(floor_rule, operator, start=today() + timedelta(days=5), until=today() + timedelta(days=4))
    assert "effective_until" in reversed_range.value.fields


@pytest.mark.django_db
def test_only_operators_draft(floor_rule, make_user):
    with pytest.raises(PermissionDenied):
        draft(floor_rule, make_user())
    with pytest.raises(PermissionDenied):
        draft(floor_rule, make_user(roles=["regulator"], jurisdiction="ID"))


@pytest.mark.django_db
def test_a_draft_is_numbered_next_and_audited_and_in_force_nowhere(floor_rule, operator):
    version = draft(floor_rule, operator, start=today() + timedelta(days=3))
    assert (version.version, version.status) == (2, VersionStatus.DRAFT)
    event = AuditEvent.objects.get(action="compliance.rule_version.draft")
    assert event.subject_id == "ID-XB-1/v2" and event.after["parameters"] == FLOOR


@pytest.mark.django_db
def test_activation_closes_the_open_predecessor_the_day_before(floor_rule, operator):
    start = today() + timedelta(days=10)
    version = rule_version_activate(version=draft(floor_rule, operator, start=start), actor=operator)
    first = floor_rule.versions.get(version=1)
    assert version.status == VersionStatus.ACTIVE and version.activated_by == operator.public_id
    assert first.status == VersionStatus.ACTIVE and first.effective_until == start - timedelta(days=1)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"compliance.rule_version.activate", "compliance.rule_version.close"} <= actions
    # Starting later: the daily date-boundary job re-evaluates on its first day, not now.
    assert not ReevaluationRun.objects.exists()


@pytest.mark.django_db
def test_overlapping_an_active_bounded_version_is_refused_and_nothing_changes(floor_rule, operator):
    rule_version_activate(version=draft(floor_rule, operator, start=today() + timedelta(days=1),
                                        until=today() + timedelta(days=30)), actor=operator)
    clash = draft(floor_rule, operator, start=today() + timedelta(days=20), until=today() + timedelta(days=40))
    before = list(floor_rule.versions.order_by("version").values_list("status", "effective_from", "effective_until"))
    with pytest.raises(Conflict) as refused:
        rule_version_activate(version=clash, actor=operator)
    assert refused.value.code == "rule_version_overlap" and "effective_from" in refused.value.fields
    after = list(floor_rule.versions.order_by("version").values_list("status", "effective_from", "effective_until"))
    assert after == before


@pytest.mark.django_db
def test_a_version_after_a_bounded_one_may_follow_it(floor_rule, operator):
    rule_version_activate(version=draft(floor_rule, operator, start=today() + timedelta(days=1),
                                        until=today() + timedelta(days=30)), actor=operator)
    follower = rule_version_activate(version=draft(floor_rule, operator, start=today() + timedelta(days=31)),
                                     actor=operator)
    assert follower.status == VersionStatus.ACTIVE


@pytest.mark.django_db
def test_withdrawn_drafts_cannot_be_activated_and_active_ones_cannot_be_withdrawn(floor_rule, operator):
    version = rule_version_withdraw(version=draft(floor_rule, operator), actor=operator)
    assert version.status == VersionStatus.WITHDRAWN
    assert AuditEvent.objects.filter(action="compliance.rule_version.withdraw").count() == 1
    with pytest.raises(Conflict):
        rule_version_activate(version=version, actor=operator)
    with pytest.raises(Conflict):
        rule_version_withdraw(version=floor_rule.versions.get(version=1), actor=operator)


@pytest.mark.django_db
def test_activation_in_force_today_requests_reevaluation_after_commit(floor_rule, operator,
                                                                      django_capture_on_commit_callbacks):
    version = draft(floor_rule, operator)
    with django_capture_on_commit_callbacks(execute=True):
        rule_version_activate(version=version, actor=operator)
    run = ReevaluationRun.objects.get()  # listing.publish has standing subjects; checkout.place has none
    assert (run.event, run.cause, run.dry_run, run.status) == ("listing.publish", "rule ID-XB-1 v2 activated",
                                                                False, "done")


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_activations_racing_exactly_one_wins(operator, monkeypatch):
    rule = Rule.objects.get(rule_id="ID-XB-1")
    first = draft(rule, operator, start=today() + timedelta(days=1), until=today() + timedelta(days=30))
    second = draft(rule, operator, start=today() + timedelta(days=5), until=today() + timedelta(days=40))
    barrier, outcomes = threading.Barrier(2), []
    dates_check = rule_services._dates_check

    def slow_dates_check(*args):
        # Between taking the rule's lock and reading the other active versions: without the lock both
        # activations would read "no overlap" here, and both would win.
        time.sleep(0.3)
        return dates_check(*args)

    monkeypatch.setattr(rule_services, "_dates_check", slow_dates_check)

    def activate(version):
        try:
            barrier.wait(timeout=10)
            rule_version_activate(version=version, actor=operator)
            outcomes.append("active")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=activate, args=(v,)) for v in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["active", "conflict"]
    assert RuleVersion.objects.filter(rule=rule, status=VersionStatus.ACTIVE, version__gt=1).count() == 1
