import threading

import pytest

from lapak.core.outbox.registry import outbox_subscribe, outbox_unsubscribe

TOPIC = "test.thing_happened"


class Inbox:
    """A subscriber that records what it was handed and fails on demand."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[tuple[int, dict]] = []
        self.failures_left = 0

    def __call__(self, event) -> None:
        with self.lock:
            if self.failures_left:
                self.failures_left -= 1
                raise RuntimeError("the downstream service is down")
            self.received.append((event.pk, event.payload))


@pytest.fixture
def inbox():
    handler = Inbox()
    outbox_subscribe(TOPIC)(handler)
    yield handler
    outbox_unsubscribe(TOPIC, handler)


@pytest.fixture
def concurrent_db(transactional_db):
    """Threads racing on a real database. An in-memory SQLite test database (shared cache) answers
    a second writer with 'table is locked' instead of waiting, unlike the file databases Lapak runs
    on, so such races need a file-backed test database (or PostgreSQL)."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a file-backed SQLite test database or PostgreSQL for real concurrent writers")
