"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest


@pytest.fixture
def api_client():
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def make_user(db):
    from lapak.accounts.services import role_grant, user_signup

    counter = {"n": 0}

    def make(*, email: str | None = None, password: str = "correct horse battery", roles=(), jurisdiction=""):
        counter["n"] += 1
        user = user_signup(
            email=email or f"user{counter['n']}@example.test", password=password, full_name=f"User {counter['n']}"
        )
        for role in roles:
            role_grant(user=user, role=role, jurisdiction=jurisdiction if role == "regulator" else "")
        return user

    return make


@pytest.fixture
def bearer(db):
    from lapak.accounts.services import api_token_issue

    def header(user) -> dict[str, str]:
        _token, raw = api_token_issue(user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return header


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language: a request through the test client in another language
    leaves that language active in the thread, and a later test reading a gettext string would see it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _compliance_packs(request):
    """The rule packs come with a migration; a transactional test empties every table when it ends, so a test
    with database access after it reloads them (one query when they are there)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db", "django_db_setup"} & set(request.fixturenames):
        return
    request.getfixturevalue("_django_db_helper")
    from lapak.compliance.packs import compliance_packs_load, compliance_packs_loaded

    if not compliance_packs_loaded():
        compliance_packs_load()
