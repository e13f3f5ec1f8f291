"""Separation, proven (issue 8; DESIGN.md "social never transacts"; ID-SOC-1/2).

- every social model is stored in the `social` database, and that database holds no marketplace table;
- no social page or API operation reads orders, payments, the ledger, carts or buyers' addresses: every one of
  them is called (GET and POST, as a visitor, a creator and an operator) while every SQL statement sent to the
  marketplace's database is recorded, and none names a forbidden table.

The import contract (`lint-imports`, pyproject.toml) is the third leg: social code cannot even import market.
The hand-off token is the fourth: lapak.core.tests.test_handoff and the marketplace's landing tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import connections, router
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lapak.accounts.models import Role, RoleGrant, User
from lapak.accounts.services import api_token_issue
from lapak.core.testing import published_operations

# Tables of the marketplace that hold orders, payments, money or buyers' data (prefixes of Django table names).
FORBIDDEN = ("orders_", "payments_", "ledger_", "checkout_", "accounts_address", "affiliates_handoff",
             "sellers_sellerapplication", "sellers_bankaccount", "sellers_identityclaim", "promotions_redemption")
_TABLE = re.compile(r'(?:FROM|JOIN|INTO|UPDATE)\s+"?([a-z0-9_]+)"?', re.IGNORECASE)
SAMPLE_ARGS = {"handle": "nobody", "source": "post"}


def social_models() -> list:
    return list(apps.get_app_config("social").get_models())


def test_every_social_model_is_routed_to_the_social_database() -> None:
    assert social_models(), "the social app has no models"
    for model in social_models():
        assert router.db_for_read(model) == "social", model
        assert router.db_for_write(model) == "social", model


@pytest.mark.django_db(databases=["default", "social"])
def test_the_social_database_holds_no_marketplace_table_and_the_marketplace_none_of_social() -> None:
    social_tables = set(connections["social"].introspection.table_names())
    default_tables = set(connections["default"].introspection.table_names())
    assert {m._meta.db_table for m in social_models()} <= social_tables
    assert not [t for t in social_tables if t.startswith(FORBIDDEN) or t.startswith("catalog_")]
    assert not [t for t in default_tables if t.startswith("social_")]


@contextmanager
def tables_read_on_default() -> Iterator[set[str]]:
    """Every table named by SQL sent to the marketplace's database while the block runs."""
    seen: set[str] = set()

    def record(execute, sql, params, many, context):  # the execute_wrapper protocol
        seen.update(name.lower() for name in _TABLE.findall(sql))
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(record):
        yield seen


def social_page_paths() -> list[str]:
    """One concrete path per social page, placeholders filled with ids that exist nowhere."""
    paths: list[str] = []

    def walk(patterns: list, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                paths.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE_ARGS.get(m.group(1), "x_1"),
                                          route).lstrip("^").rstrip("$"))

    social = next(r for r in get_resolver().url_patterns
                  if isinstance(r, URLResolver) and getattr(r.urlconf_name, "__name__", r.urlconf_name)
                  == "lapak.social.urls")
    walk(social.url_patterns, "")
    return paths


def social_api_paths() -> list[tuple[str, str]]:
    return sorted((method.lower(), re.sub(r"\{\w+\}", "x_1", path))
                  for method, path in published_operations("/api/v1/social/"))


@pytest.fixture
def callers(db) -> dict[str, Client]:
    creator = User.objects.create_user(email="kreator@example.test", password="x-Secret-123")
    RoleGrant.objects.create(user=creator, role=Role.CREATOR)
    operator = User.objects.create_user(email="operator@example.test", password="x-Secret-123")
    RoleGrant.objects.create(user=operator, role=Role.OPERATOR)
    clients = {"visitor": Client()}
    for name, user in (("creator", creator), ("operator", operator)):
        _, secret = api_token_issue(user=user)
        clients[name] = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        clients[name].force_login(user)  # pages read the session, the API the bearer token
    return clients


@pytest.mark.django_db(databases=["default", "social"])
def test_no_social_page_reads_orders_payments_or_buyers(callers: dict[str, Client]) -> None:
    paths = social_page_paths()
    assert len(paths) >= 5, paths  # the pages exist: the test would prove nothing over an empty map
    with tables_read_on_default() as seen:
        for client in callers.values():
            for path in paths:
                client.get(path)
                client.post(path, {})
    assert "accounts_user" in seen  # the recorder sees the marketplace's database: the signed-in user was read
    assert not sorted(t for t in seen if t.startswith(FORBIDDEN)), sorted(seen)


@pytest.mark.django_db(databases=["default", "social"])
def test_no_social_api_operation_reads_orders_payments_or_buyers(callers: dict[str, Client]) -> None:
    operations = social_api_paths()
    assert len(operations) >= 5, operations
    with tables_read_on_default() as seen:
        for client in callers.values():
            for method, path in operations:
                getattr(client, method)(path, content_type="application/json", data="{}" if method != "get" else None)
    assert "accounts_apitoken" in seen  # the recorder sees the marketplace's database: the tokens were read
    assert not sorted(t for t in seen if t.startswith(FORBIDDEN)), sorted(seen)
