"""Two operators saving the same quarter's headcount at the same moment: one row, both audited, no error."""

from __future__ import annotations

import pytest
from django.db import connection

from lapak.core.audit.models import AuditEvent
from lapak.core.testing import race
from lapak.oversight.reports.models import WorkforceCount
from lapak.oversight.reports.services import workforce_record


@pytest.mark.django_db(transaction=True)
def test_two_operators_saving_at_once_leave_one_row(make_user):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-backed SQLite test database or PostgreSQL")
    first, second = make_user(roles=["operator"]), make_user(roles=["operator"])
    outcomes = race(
        lambda: workforce_record(actor=first, jurisdiction="ID", quarter="2025-Q2", employees=100),
        lambda: workforce_record(actor=second, jurisdiction="ID", quarter="2025-Q2", employees=200),
    )
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)], outcomes
    [entry] = WorkforceCount.objects.filter(jurisdiction="ID", quarter="2025-Q2")
    events = list(AuditEvent.objects.filter(action="oversight.workforce_record").order_by("id"))
    assert len(events) == 2
    assert events[0].before is None  # the first created it, the second replaced it
    assert entry.employees == events[-1].after["employees"]
    assert events[1].before == {"employees": events[0].after["employees"],
                                "entered_by": first.public_id if events[0].after["employees"] == 100
                                else second.public_id}
