from datetime import timedelta

import pytest

from lapak.core.tasks.periodic import periodic, periodic_jobs, periodic_unregister
from lapak.core.tasks.tests import jobs


@pytest.fixture
def test_job():
    jobs.runs.clear()
    periodic(every=timedelta(minutes=10), name="test.record_run")(jobs.record_run)
    job = next(j for j in periodic_jobs() if j.name == "test.record_run")
    yield job
    periodic_unregister("test.record_run")


@pytest.fixture
def concurrent_db(transactional_db):
    """See lapak/core/outbox/tests/conftest.py: real concurrent writers need a file or PostgreSQL DB."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a file-backed SQLite test database or PostgreSQL for real concurrent writers")
