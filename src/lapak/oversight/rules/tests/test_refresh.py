"""The compliance rollups fold in only what is new, once: a second refresh folds nothing, a decision younger than
the horizon waits, a rebuild gives the same cells, and refreshes racing on a real database never double-count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from lapak.compliance.decision_services import appeal_answer, decision_appeal
from lapak.compliance.tests import support as compliance_support
from lapak.core.ids import new_public_id
from lapak.core.testing import race
from lapak.oversight.models import RollupWatermark
from lapak.oversight.rules import services
from lapak.oversight.rules.models import AppealCell, CrossBorderRefusal, DecisionCell
from lapak.oversight.rules.tests.support import (
    NOVEMBER,
    compute,
    groupings,
    listing,
    mixed_history,
    refused_cross_border,
)

reference = compliance_support.reference
DECISION_DIMENSIONS = ("month", "event", "rule", "outcome")


def _people(people: list[str]) -> object:
    # Which ten parties a full set keeps depends on the order they were folded in; only that it is full counts.
    return "10 or more" if len(people) >= 10 else sorted(people)


def _snapshot() -> list[tuple]:
    return ([(c.month, c.jurisdiction, c.event, c.rule_id, c.outcome, c.decisions, c.without_party, _people(c.people))
             for c in DecisionCell.objects.order_by("month", "jurisdiction", "event", "rule_id", "outcome")]
            + [(r.month, r.rule_id, r.subject_id, r.person, r.decisions) for r in
               CrossBorderRefusal.objects.order_by("month", "rule_id", "subject_id", "person")]
            + [(c.month, c.kind, c.status, c.count, _people(c.people), c.open_people)
               for c in AppealCell.objects.order_by("month", "kind", "status")])


def _agree() -> None:
    for key, dimensions in (("decisions", DECISION_DIMENSIONS), ("appeals", ("month", "kind", "status")),
                            ("cross-border-refused", ("month", "rule"))):
        for by in groupings(dimensions):
            assert compute(key, by, "rollup") == compute(key, by, "scratch"), (key, by)


@pytest.mark.django_db
def test_refresh_folds_new_records_once_and_a_second_refresh_folds_nothing(reference, make_user):
    operator = make_user(roles=["operator"])
    history = mixed_history(operator)
    assert services.decisions_refresh() == 23 and services.appeals_refresh() == 7
    before = _snapshot()
    assert services.decisions_refresh() == 0 and services.appeals_refresh() == 0
    assert _snapshot() == before
    # Later records: a new listing, a refusal appealed and answered; only they are folded.
    listing(NOVEMBER, history.sellers[6])
    refusal = refused_cross_border(NOVEMBER, history.sellers[7])
    with freeze_time(NOVEMBER + timedelta(hours=1)):
        appeal = decision_appeal(decision=refusal, party=history.sellers[7], text="Please", filed_by="u")
        appeal_answer(appeal=appeal, actor=operator, status="upheld", answer="No.")
    assert services.decisions_refresh() == 2 and services.appeals_refresh() == 2
    _agree()
    assert services.decisions_refresh() == 0 and services.appeals_refresh() == 0


@pytest.mark.django_db
def test_a_decision_younger_than_the_horizon_waits_for_the_next_refresh(reference, monkeypatch):
    seller = new_public_id("org")
    listing(timezone.now(), seller)
    assert services.decisions_refresh() == 0
    monkeypatch.setattr(services, "rollup_horizon", lambda: timezone.now() + timedelta(minutes=1))
    assert services.decisions_refresh() == 1
    assert services.decisions_refresh() == 0
    assert _rows_folded() == 1


@pytest.mark.django_db
def test_refresh_in_small_chunks_and_rebuild_give_the_same_cells(reference, make_user, monkeypatch):
    mixed_history(make_user(roles=["operator"]))
    monkeypatch.setattr(services, "CHUNK", 3)
    assert services.decisions_refresh() == 23 and services.appeals_refresh() == 7
    chunked = _snapshot()
    monkeypatch.setattr(services, "CHUNK", 2000)
    assert services.decisions_rebuild() == 23 and services.appeals_rebuild() == 7
    assert _snapshot() == chunked
    _agree()


def _rows_folded() -> int:
    return sum(RollupWatermark.objects.filter(name__in=services.DECISION_STREAMS).values_list("rows_folded", flat=True))


@pytest.fixture
def racing(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")


def test_refreshes_racing_on_a_real_database_never_fold_a_record_twice(racing, reference, make_user, monkeypatch):
    mixed_history(make_user(roles=["operator"]))
    monkeypatch.setattr(services, "CHUNK", 4)  # many small transactions, so the racers interleave
    folded = race(services.decisions_refresh, services.decisions_refresh, services.appeals_refresh,
                  services.appeals_refresh, services.decisions_rebuild)
    assert not [outcome for outcome in folded if isinstance(outcome, Exception)], folded
    assert folded[0] + folded[1] + folded[4] >= 23 and folded[2] + folded[3] == 7
    assert _rows_folded() == 23
    _agree()
