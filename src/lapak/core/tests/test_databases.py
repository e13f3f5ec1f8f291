"""The two database aliases: social models go to `social`, everything else to `default`."""

import pytest
from django.apps import apps
from django.db import connections

from lapak.config.db_router import SocialRouter, alias_for_app


def test_marketplace_and_kernel_apps_live_on_default():
    for label in ("accounts", "audit", "outbox", "regions", "auth", "sessions"):
        assert alias_for_app(label) == "default"


def test_social_package_is_routed_to_social(monkeypatch):
    class FakeConfig:
        name = "lapak.social.posts"

    real = apps.get_app_config
    monkeypatch.setattr(apps, "get_app_config", lambda label: FakeConfig() if label == "posts" else real(label))
    router = SocialRouter()
    assert alias_for_app("posts") == "social"
    assert router.allow_migrate("social", "posts") is True
    assert router.allow_migrate("default", "posts") is False
    assert router.allow_migrate("social", "accounts") is False


@pytest.mark.django_db(databases=["default", "social"])
def test_both_aliases_are_real_and_separate():
    default_tables = set(connections["default"].introspection.table_names())
    social_tables = set(connections["social"].introspection.table_names())
    assert "accounts_user" in default_tables
    assert "accounts_user" not in social_tables
