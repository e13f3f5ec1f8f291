"""Helpers for tests that race on purpose (imported by test code only)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def race(*calls: Callable[[], object], timeout: float = 120) -> list[object]:
    """Run the calls at the same moment, each in its own thread and database connection.

    Returns each call's result, or the exception it raised, in the order given, for the test to assert on.
    """
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # handed to the test, which asserts on it
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a racing thread is stuck"
    return outcomes


HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete"})


def published_operations(*prefixes: str) -> set[tuple[str, str]]:
    """(METHOD, path template) of every operation the API's OpenAPI document publishes under `prefixes`: what
    an authorisation-matrix test must cover, read from the API itself so a new endpoint cannot be forgotten."""
    from django.test import Client

    spec = Client().get("/api/v1/openapi.json").json()
    return {(method.upper(), path) for path, item in spec["paths"].items() if path.startswith(prefixes)
            for method in item if method in HTTP_METHODS}
