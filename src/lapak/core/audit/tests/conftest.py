"""Fixtures for the audit log tests."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; the Indonesian catalogue must not change what the tests read."""
    with translation.override("en"):
        yield


@pytest.fixture
def append_events():
    from lapak.core.audit.services import audit_append

    def append(count: int, *, start: int = 0):
        return [
            audit_append(
                actor="usr_TEST",
                action="seller.verify",
                subject_type="seller",
                subject_id=f"sel_{start + i:04d}",
                jurisdiction="ID",
                before={"status": "pending"},
                after={"status": "verified", "n": start + i},
                decision={"rule": "id.local_seller", "allowed": True},
            )
            for i in range(count)
        ]

    return append


@pytest.fixture
def racing_db(transactional_db):
    """A database on which threads can really race. SQLite's in-memory test database shares one cache
    between connections and answers a second writer with "table is locked" instead of waiting, so
    racing needs a file-based SQLite test database (DATABASES[...]["TEST"]["NAME"]) or PostgreSQL.
    """
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("racing threads need a file-based SQLite test database or PostgreSQL")
