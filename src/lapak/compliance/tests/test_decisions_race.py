"""Two operators overriding, or two members appealing, the same decision at the same moment: one wins, the other
gets a clear conflict, and exactly one row (and one audit event) is written."""

from __future__ import annotations

import pytest
from django.db import connection

from lapak.compliance.decision_services import (
    DecisionAlreadyAppealed,
    DecisionAlreadyOverridden,
    decision_appeal,
    decision_override,
)
from lapak.compliance.models import Appeal, DecisionOverride
from lapak.compliance.tests import decision_support
from lapak.compliance.tests.decision_support import refused_listing
from lapak.core.audit.models import AuditEvent
from lapak.core.testing import race

staff = decision_support.staff


@pytest.fixture
def racing(transactional_db):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")


def test_racing_overrides_leave_one_and_the_other_gets_409(racing, staff):
    decision = refused_listing()
    outcomes = race(
        lambda: decision_override(decision=decision, actor=staff.operator, outcome="allow", reason="one"),
        lambda: decision_override(decision=decision, actor=staff.operator2, outcome="review", reason="two"),
    )
    conflicts = [o for o in outcomes if isinstance(o, DecisionAlreadyOverridden)]
    winners = [o for o in outcomes if isinstance(o, DecisionOverride)]
    assert len(conflicts) == 1 and len(winners) == 1, outcomes
    assert conflicts[0].status == 409
    assert DecisionOverride.objects.get().reason == winners[0].reason
    assert AuditEvent.objects.filter(action="compliance.decision.overridden").count() == 1


def test_racing_appeals_leave_one_and_the_other_gets_409(racing):
    decision = refused_listing()
    outcomes = race(*[
        lambda i=i: decision_appeal(decision=decision, party="org_TOKO1", text=f"Appeal {i}", filed_by=f"usr_{i}")
        for i in range(3)])
    conflicts = [o for o in outcomes if isinstance(o, DecisionAlreadyAppealed)]
    assert len(conflicts) == 2, outcomes
    assert Appeal.objects.count() == 1
    assert AuditEvent.objects.filter(action="compliance.decision.appealed").count() == 1
