"""With a read replica configured, the report's own scans (counts, revenue, headcount) read the replica, and the
query log is still written to the primary. The suite's replica is a database of its own, so what only it holds
shows where a read went."""

from __future__ import annotations

import pytest
from django.test import override_settings

from lapak.config.db_router import REPLICA_ALIAS
from lapak.core.audit.models import AuditEvent
from lapak.oversight.reports.models import WorkforceCount
from lapak.oversight.reports.selectors import quarterly_report_read


@override_settings(OVERSIGHT_READ_REPLICA=True)
@pytest.mark.django_db(databases={"default", "replica"})
def test_the_reports_scans_read_the_replica(market, regulator):
    WorkforceCount.objects.using(REPLICA_ALIAS).create(jurisdiction="ID", quarter=market.quarter.label,
                                                       employees=77, entered_by="usr_replica")
    report, _fmt = quarterly_report_read(user=regulator, params={"quarter": market.quarter.label}, channel="api")
    results = {result.field.key: result for result in report.results}
    assert results["employees"].values[0].value == 77  # only the replica has it
    assert results["sellers_with_sales"].values[0].value == "<10"  # the replica holds no orders
    assert AuditEvent.objects.filter(action="oversight.query", subject_id="report:quarterly").count() == 1
    assert not AuditEvent.objects.using(REPLICA_ALIAS).exists()
