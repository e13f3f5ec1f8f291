"""Switch changes racing on a real database: they apply one after the other, so one row is left, equal to one of
the changes as a whole, and the audit events form one chain (each "before" is the previous "after")."""

from __future__ import annotations

import threading
from itertools import pairwise

import pytest
from django.db import connection, connections

from lapak.compliance.models import FeatureSwitch
from lapak.compliance.switch_services import compliance_switch_set
from lapak.compliance.tests.switch_support import OTHER_SELLER, PILOT_SELLER
from lapak.core.audit.models import AuditEvent

CHANGES = [
    {"state": "off", "reason": "Suspended by A", "pilot_sellers": []},
    {"state": "pilot", "reason": "Pilot by B", "pilot_sellers": [PILOT_SELLER, OTHER_SELLER]},
    {"state": "on", "reason": "", "pilot_sellers": []},
    {"state": "pilot", "reason": "Pilot by D", "pilot_sellers": [OTHER_SELLER]},
]


def race(changes: list[dict]) -> list[Exception]:
    start, errors = threading.Barrier(len(changes)), []

    def change(n: int, arguments: dict) -> None:
        try:
            start.wait(timeout=10)
            compliance_switch_set(actor=f"usr_op{n}", jurisdiction="ID", feature="cross_border", **arguments)
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=change, args=(n, c)) for n, c in enumerate(changes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_racing_changes_leave_one_consistent_row_and_one_audit_chain():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a file-backed SQLite test database or PostgreSQL for real concurrent writers")
    for _round in range(2):  # the first round races to create the row, the second to change it
        assert race(CHANGES) == []
    rows = list(FeatureSwitch.objects.filter(jurisdiction="ID", feature="cross_border"))
    assert len(rows) == 1
    row = rows[0]
    assert {"state": row.state, "reason": row.reason, "pilot_sellers": row.pilot_sellers} in CHANGES
    events = list(AuditEvent.objects.filter(action="compliance.switch.changed").order_by("id"))
    assert len(events) == 2 * len(CHANGES)
    assert events[0].before["state"] == "on" and events[0].before["changed_at"] is None
    for earlier, later in pairwise(events):
        assert later.before == earlier.after
    last = events[-1].after
    assert (last["state"], last["reason"], last["pilot_sellers"], last["changed_by"]) == (
        row.state, row.reason, row.pilot_sellers, row.changed_by)
